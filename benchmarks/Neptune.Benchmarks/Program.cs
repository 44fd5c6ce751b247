using BenchmarkDotNet.Running;
using Neptune.Benchmarks.InProcess;

if (args is ["idle-targets", ..])
{
    return await IdleTargets.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["intake", ..])
{
    return await Neptune.Benchmarks.Intake.IntakeThroughput.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["intake-pieces", ..])
{
    return await Neptune.Benchmarks.Intake.IntakePieces.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["soak", ..])
{
    return await Neptune.Benchmarks.Soak.SoakRun.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["host-breakdown", ..])
{
    return await HostBreakdown.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point type for BenchmarkDotNet.</summary>
public partial class Program;
