using System.Collections.Concurrent;
using Neptune.CheckRuns;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Snapshots;
using Temporalio.Worker.Interceptors;

namespace Neptune.Hosting.Temporal.Tests.Workflows;

/// <summary>Records what a replayed deploy workflow hands its delivery activity: the check runs the decider published.</summary>
internal sealed class DeliveryRecorder : IWorkerInterceptor
{
    public ConcurrentQueue<CheckRunPublication> CheckRuns { get; } = new();

    public ConcurrentQueue<DeliveryItem> Items { get; } = new();

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, this);

    private sealed class Inbound(WorkflowInboundInterceptor next, DeliveryRecorder recorder) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(outbound, recorder));
    }

    private sealed class Outbound(WorkflowOutboundInterceptor next, DeliveryRecorder recorder) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            if (input.Activity == "neptune-deliver" && input.Args.FirstOrDefault() is List<DeliveryItem> items)
            {
                foreach (var item in items)
                {
                    recorder.Items.Enqueue(item);
                    if (item.Kind == DeliveryKind.CheckRun)
                    {
                        recorder.CheckRuns.Enqueue(CheckRunPublicationJson.Deserialize(item.Json));
                    }
                }
            }

            return base.ScheduleActivityAsync<TResult>(input);
        }
    }
}
