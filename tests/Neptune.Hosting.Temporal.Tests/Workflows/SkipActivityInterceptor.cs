using Temporalio.Worker.Interceptors;

namespace Neptune.Hosting.Temporal.Tests.Workflows;

/// <summary>
/// Changes a workflow deliberately, late in its history: the <c>n</c>-th activity it schedules is skipped (its call
/// returns a default result without a command). Replaying a recorded history with this change must fail.
/// </summary>
internal sealed class SkipActivityInterceptor(int skipNumber) : IWorkerInterceptor
{
    private readonly int skip = skipNumber;
    private int scheduled;

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, this);

    private sealed class Inbound(WorkflowInboundInterceptor next, SkipActivityInterceptor owner) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(outbound, owner));
    }

    private sealed class Outbound(WorkflowOutboundInterceptor next, SkipActivityInterceptor owner) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input) =>
            ++owner.scheduled == owner.skip ? Task.FromResult(Empty<TResult>()) : base.ScheduleActivityAsync<TResult>(input);

        // An empty result (an empty list for the delivery), so the change shows as a different command, not a crash.
        private static T Empty<T>() =>
            typeof(T) == typeof(string) ? (T)(object)string.Empty
            : typeof(T).IsClass && typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>()
            : default!;
    }
}
