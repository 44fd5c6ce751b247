using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neptune.Logs;
using Neptune.Plans;
using Neptune.Ports;

namespace Neptune.Terraform.Tests;

// These tests run the real stand-in (tests/tools/terraform) as a process: nothing about the process is
// mocked. JobLog can only be written to, so what the log received — and when — is observed through the
// executor's internal LineObserved seam, which sees each line right after JobLog.WriteLine.
public sealed class TerraformCliExecutorTests : IDisposable
{
    private const string PlanFile = "neptune.tfplan";
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly Workspace _workspace = new();
    private readonly LineRecorder _log = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Init_plan_show_and_apply_run_the_plan_end_to_end()
    {
        _workspace.Configure("""{"changes": 2, "updates": 1, "replaces": 1, "destroys": 1, "unchanged": 2}""");
        var executor = Executor();
        var context = Context();

        await executor.InitAsync(context, CancellationToken.None);
        await executor.PlanAsync(context, PlanFile, CancellationToken.None);
        var json = await executor.ShowJsonAsync(context, PlanFile, CancellationToken.None);
        await executor.ApplyAsync(context, PlanFile, CancellationToken.None);

        var reading = PlanJson.Read(json);
        Assert.True(reading.IsReadable, reading.Error);
        Assert.Equal(new PlanSummary(Creations: 3, Updates: 1, Deletions: 2), reading.Summary);
        Assert.Contains("Terraform has been successfully initialized!", _log.Lines);
        Assert.Contains(reading.Summary.Text, _log.Lines);
        Assert.Contains("Apply complete! Resources: 3 added, 1 changed, 2 destroyed.", _log.Lines);
        // show's stdout is the returned JSON, not log output.
        Assert.DoesNotContain(_log.Lines, line => line.Contains("format_version", StringComparison.Ordinal));
        var apply = Assert.Single(_workspace.Applies());
        Assert.Contains($"plan_sha256={Workspace.Sha256(Path.Combine(_workspace.Directory, PlanFile))} ", apply);
        Assert.EndsWith("result=ok", apply);
    }

    [Fact]
    public async Task Apply_applies_exactly_the_given_plan_file_even_when_the_config_changed_since()
    {
        _workspace.Configure("""{"changes": 2}""");
        var executor = Executor();
        var context = Context();
        await executor.InitAsync(context, CancellationToken.None);
        await executor.PlanAsync(context, "reviewed.tfplan", CancellationToken.None);
        var reviewed = Workspace.Sha256(Path.Combine(_workspace.Directory, "reviewed.tfplan"));

        _workspace.Configure("""{"changes": 5}""");
        await executor.PlanAsync(context, "newer.tfplan", CancellationToken.None);
        await executor.ApplyAsync(context, "reviewed.tfplan", CancellationToken.None);

        var apply = Assert.Single(_workspace.Applies());
        Assert.Contains($"plan_sha256={reviewed} ", apply);
        Assert.Contains(" added=2 ", apply);
        Assert.Contains("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.", _log.Lines);
    }

    [Fact]
    public async Task A_plan_without_changes_reads_as_no_changes()
    {
        _workspace.Configure("""{"changes": 0, "unchanged": 3}""");
        var executor = Executor();
        var context = Context();

        await executor.InitAsync(context, CancellationToken.None);
        await executor.PlanAsync(context, PlanFile, CancellationToken.None);
        var reading = PlanJson.Read(await executor.ShowJsonAsync(context, PlanFile, CancellationToken.None));

        Assert.True(reading.IsReadable, reading.Error);
        Assert.False(reading.Summary.HasChanges);
        Assert.Contains("No changes. Your infrastructure matches the configuration.", _log.Lines);
    }

    [Fact]
    public async Task A_failing_plan_throws_a_client_error_with_its_exit_code_and_its_output_in_the_log()
    {
        _workspace.Configure("""{"changes": 1, "fail": "plan"}""");
        var executor = Executor();
        var context = Context();
        await executor.InitAsync(context, CancellationToken.None);

        var error = await Assert.ThrowsAsync<TerraformClientException>(() => executor.PlanAsync(context, PlanFile, CancellationToken.None));

        Assert.Equal("plan", error.Command);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("│ Error: Invalid reference", _log.Lines); // written to stderr
        Assert.False(File.Exists(Path.Combine(_workspace.Directory, PlanFile)));
    }

    [Theory]
    [InlineData("init")]
    [InlineData("plan")]
    [InlineData("show")]
    [InlineData("apply")]
    public async Task Each_command_reports_its_own_name_when_it_fails(string command)
    {
        var executor = Executor();
        var context = Context();
        _workspace.Configure("""{"changes": 1}""");
        if (command != "init")
        {
            await executor.InitAsync(context, CancellationToken.None);
            await executor.PlanAsync(context, PlanFile, CancellationToken.None);
        }

        _workspace.Configure($$"""{"changes": 1, "fail": "{{command}}"}""");
        Task run = command switch
        {
            "init" => executor.InitAsync(context, CancellationToken.None),
            "plan" => executor.PlanAsync(context, PlanFile, CancellationToken.None),
            "show" => executor.ShowJsonAsync(context, PlanFile, CancellationToken.None),
            _ => executor.ApplyAsync(context, PlanFile, CancellationToken.None),
        };

        var error = await Assert.ThrowsAsync<TerraformClientException>(() => run);
        Assert.Equal(command, error.Command);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains(_log.Lines, line => line.StartsWith("│ Error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garbage_from_show_json_is_returned_as_is_and_reads_as_unreadable()
    {
        _workspace.Configure("""{"changes": 1, "show_garbage": true}""");
        var executor = Executor();
        var context = Context();
        await executor.InitAsync(context, CancellationToken.None);
        await executor.PlanAsync(context, PlanFile, CancellationToken.None);

        var json = await executor.ShowJsonAsync(context, PlanFile, CancellationToken.None);

        Assert.NotEmpty(json);
        Assert.False(PlanJson.Read(json).IsReadable);
    }

    [Fact]
    public async Task Show_of_a_missing_plan_file_is_a_client_error()
    {
        var executor = Executor();
        var context = Context();
        await executor.InitAsync(context, CancellationToken.None);

        var error = await Assert.ThrowsAsync<TerraformClientException>(() => executor.ShowJsonAsync(context, "missing.tfplan", CancellationToken.None));

        Assert.Equal(("show", 1), (error.Command, error.ExitCode));
        Assert.Contains("│ Error: Failed to load plan file", _log.Lines);
    }

    [Theory]
    [InlineData("/nonexistent/bin/terraform")]
    [InlineData("neptune-no-such-terraform")]
    public async Task A_missing_executable_names_the_setting_and_the_path_tried(string path)
    {
        var executor = Executor(new TerraformOptions { Path = path });

        var error = await Assert.ThrowsAsync<TerraformNotFoundException>(() => executor.InitAsync(Context(), CancellationToken.None));

        Assert.Equal(path, error.Path);
        Assert.Contains("Neptune:Terraform:Path", error.Message);
        Assert.Contains($"'{path}'", error.Message);
    }

    [Fact]
    public async Task A_missing_working_directory_is_not_reported_as_a_missing_executable()
    {
        var context = Context() with { WorkingDirectory = Path.Combine(_workspace.Root, "gone") };

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Executor().InitAsync(context, CancellationToken.None));
    }

    [Fact]
    public async Task Output_reaches_the_log_while_terraform_is_still_running()
    {
        _workspace.Configure("""{"changes": 1, "lines": 10000, "sleep": 30, "sleep_in": "plan"}""");
        var executor = Executor();
        var context = Context();
        await executor.InitAsync(context, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var plan = executor.PlanAsync(context, PlanFile, cancel.Token);
        await _log.WaitForAsync(line => line.StartsWith("null_resource.filler[1]:", StringComparison.Ordinal));
        Assert.False(plan.IsCompleted, "the first line arrived only after terraform ended");
        await _log.WaitForAsync(line => line.StartsWith("null_resource.filler[10000]:", StringComparison.Ordinal));
        Assert.False(plan.IsCompleted, "the last line arrived only after terraform ended");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plan);
    }

    [Fact]
    public async Task The_heartbeat_beats_every_interval_while_terraform_runs()
    {
        _workspace.Configure("""{"sleep": 30, "sleep_in": "init"}""");
        var time = new FakeTimeProvider();
        var executor = Executor(new TerraformOptions { HeartbeatInterval = TimeSpan.FromSeconds(5) }, time);
        var beats = 0;
        var beat = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var context = Context() with
        {
            Heartbeat = () =>
            {
                var n = Interlocked.Increment(ref beats);
                if (n <= beat.Length)
                {
                    beat[n - 1].TrySetResult();
                }
            },
        };
        using var cancel = new CancellationTokenSource();

        var init = executor.InitAsync(context, cancel.Token);
        await _log.WaitForAsync(line => line == "Initializing the backend...");
        Assert.Equal(0, Volatile.Read(ref beats));
        time.Advance(TimeSpan.FromSeconds(5));
        await beat[0].Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(5));
        await beat[1].Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(init.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => init);
        var afterEnd = Volatile.Read(ref beats);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(afterEnd, Volatile.Read(ref beats));
    }

    [Fact]
    public async Task Cancellation_sends_sigterm_and_terraform_exits_gracefully()
    {
        _workspace.Configure("""{"changes": 1, "sleep": 30, "sleep_in": "apply"}""");
        var executor = Executor();
        var context = Context();
        await executor.InitAsync(context, CancellationToken.None);
        await executor.PlanAsync(context, PlanFile, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var apply = executor.ApplyAsync(context, PlanFile, cancel.Token);
        await _log.WaitForAsync(line => line == "null_resource.new_1: Creating...");
        var pids = await SleepPidsAsync();
        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}: terraform was not asked to stop");
        Assert.Contains(_log.Lines, line => line.StartsWith("Neptune: cancelled; sent SIGTERM", StringComparison.Ordinal));
        Assert.Contains("Interrupt received. Please wait for Terraform to exit or data loss may occur.", _log.Lines);
        Assert.DoesNotContain(_log.Lines, line => line.StartsWith("Neptune: terraform did not exit", StringComparison.Ordinal));
        Assert.EndsWith("result=interrupted", Assert.Single(_workspace.Applies()));
        await AssertGoneAsync(pids);
    }

    [Fact]
    public async Task Cancellation_escalates_to_sigkill_of_the_whole_tree_after_the_grace_period()
    {
        _workspace.Configure("""{"sleep": 60, "sleep_in": "plan", "ignore_sigterm": true}""");
        var grace = TimeSpan.FromSeconds(1);
        var executor = Executor(new TerraformOptions { CancellationGracePeriod = grace });
        var context = Context();
        await executor.InitAsync(context, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var plan = executor.PlanAsync(context, PlanFile, cancel.Token);
        var pids = await SleepPidsAsync();
        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plan);
        Assert.InRange(stopwatch.Elapsed, grace - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(20));
        Assert.Contains("stand-in: ignoring the interrupt (ignore_sigterm)", _log.Lines);
        Assert.Contains("Neptune: terraform did not exit within 1 s of SIGTERM; sent SIGKILL.", _log.Lines);
        await AssertGoneAsync(pids); // the stand-in and its sleeping child
    }

    [Fact]
    public async Task A_token_cancelled_before_the_start_starts_nothing()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor().InitAsync(Context(), cancel.Token));

        Assert.Empty(_log.Lines);
        Assert.False(Directory.Exists(Path.Combine(_workspace.Directory, ".terraform")));
    }

    [Fact]
    public async Task The_environment_says_automation_and_carries_both_sets_of_extras()
    {
        _workspace.Configure("""{"print_env": "TF_IN_AUTOMATION,TF_INPUT,TF_PLUGIN_CACHE_DIR,OPTION_VAR,RUN_VAR,SHARED_VAR"}""");
        var options = new TerraformOptions();
        options.Environment["OPTION_VAR"] = "from options";
        options.Environment["SHARED_VAR"] = "from options";
        var context = Context(new Dictionary<string, string>
        {
            ["RUN_VAR"] = "from the run",
            ["SHARED_VAR"] = "from the run",
            ["TF_IN_AUTOMATION"] = "", // the executor's own settings are not negotiable
        });

        await Executor(options).InitAsync(context, CancellationToken.None);

        Assert.Contains("env TF_IN_AUTOMATION=true", _log.Lines);
        Assert.Contains("env TF_INPUT=0", _log.Lines);
        Assert.Contains("env TF_PLUGIN_CACHE_DIR=<unset>", _log.Lines);
        Assert.Contains("env OPTION_VAR=from options", _log.Lines);
        Assert.Contains("env RUN_VAR=from the run", _log.Lines);
        Assert.Contains("env SHARED_VAR=from the run", _log.Lines);
    }

    [Fact]
    public async Task The_hosts_own_Neptune_settings_are_not_passed_to_terraform_unless_set_for_it()
    {
        // Unique names: the process environment is shared with tests running in parallel.
        var inherited = $"Neptune__Gateway__AdminToken_{Guid.NewGuid():N}";
        var explicitlySet = $"NEPTUNE__Root__Value_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(inherited, "s3cr3t-admin-token");
        Environment.SetEnvironmentVariable(explicitlySet, "inherited value");
        try
        {
            _workspace.Configure($$"""{"print_env": "{{inherited}},{{explicitlySet}}"}""");
            var options = new TerraformOptions();
            options.Environment[explicitlySet] = "set for terraform";

            await Executor(options).InitAsync(Context(), CancellationToken.None);

            Assert.Contains($"env {inherited}=<unset>", _log.Lines);
            Assert.Contains($"env {explicitlySet}=set for terraform", _log.Lines);
            Assert.DoesNotContain(_log.Lines, l => l.Contains("s3cr3t-admin-token", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(inherited, null);
            Environment.SetEnvironmentVariable(explicitlySet, null);
        }
    }

    [Fact]
    public async Task The_plugin_cache_dir_is_created_exported_and_used()
    {
        _workspace.Configure("""{"print_env": "TF_PLUGIN_CACHE_DIR"}""");
        var cache = Path.Combine(_workspace.Root, "plugin cache", "nested");
        var executor = Executor(new TerraformOptions { PluginCacheDir = cache });

        await executor.InitAsync(Context(), CancellationToken.None);
        await executor.InitAsync(Context(), CancellationToken.None);

        Assert.Contains($"env TF_PLUGIN_CACHE_DIR={cache}", _log.Lines);
        Assert.Contains("- Installing hashicorp/null v3.2.3...", _log.Lines);
        Assert.Contains("- Using hashicorp/null v3.2.3 from the shared cache directory", _log.Lines);
        Assert.NotEmpty(Directory.EnumerateFiles(cache, "terraform-provider-null*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Paths_with_spaces_pass_through_as_single_arguments()
    {
        using var workspace = new Workspace("root with spaces");
        workspace.Configure("""{"changes": 1}""");
        var planDirectory = Path.Combine(workspace.Root, "plan files");
        Directory.CreateDirectory(planDirectory);
        var planFile = Path.Combine(planDirectory, "the \"reviewed\" plan.tfplan");
        var executor = Executor();
        var context = Context() with { WorkingDirectory = workspace.Directory };

        await executor.InitAsync(context, CancellationToken.None);
        await executor.PlanAsync(context, planFile, CancellationToken.None);
        var reading = PlanJson.Read(await executor.ShowJsonAsync(context, planFile, CancellationToken.None));
        await executor.ApplyAsync(context, planFile, CancellationToken.None);

        Assert.Equal(new PlanSummary(1, 0, 0), reading.Summary);
        Assert.Contains($"Saved the plan to: {planFile}", _log.Lines);
        var apply = Assert.Single(workspace.Applies());
        Assert.Contains($" cwd={workspace.Directory} plan={planFile} ", apply);
        Assert.Contains($"plan_sha256={Workspace.Sha256(planFile)} ", apply);
    }

    [Fact]
    public void Invalid_options_fail_at_construction_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Executor(new TerraformOptions { Path = " " }));

        Assert.Contains("Neptune:Terraform:Path", error.Message);
    }

    private TerraformCliExecutor Executor(TerraformOptions? options = null, TimeProvider? time = null)
    {
        options ??= new TerraformOptions();
        if (options.Path == TerraformOptions.DefaultPath)
        {
            options.Path = StandIn.Path;
        }

        return new TerraformCliExecutor(Options.Create(options), NullLogger<TerraformCliExecutor>.Instance, time ?? TimeProvider.System)
        {
            LineObserved = _log.Add,
        };
    }

    private TerraformContext Context(IReadOnlyDictionary<string, string>? environment = null) =>
        new(_workspace.Directory, environment ?? NoEnvironment, new JobLog(Guid.NewGuid()));

    // The stand-in writes its pids when it starts sleeping; wait for that moment.
    private async Task<int[]> SleepPidsAsync()
    {
        var file = Path.Combine(_workspace.Directory, ".standin-sleep.pid");
        for (var i = 0; i < 300; i++)
        {
            if (File.Exists(file) && _workspace.SleepPids() is { Length: 2 } pids)
            {
                return pids;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The stand-in never started sleeping.");
    }

    private static async Task AssertGoneAsync(int[] pids)
    {
        // An orphan is reaped by init a moment after its death, so allow a few seconds.
        for (var i = 0; i < 50 && pids.Any(IsAlive); i++)
        {
            await Task.Delay(100);
        }

        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} is still running"));
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            // Field 3 of /proc/PID/stat is the state; a zombie (Z) has already died.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
