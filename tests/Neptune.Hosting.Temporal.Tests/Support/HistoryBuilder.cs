using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Common;
using Temporalio.Converters;

namespace Neptune.Hosting.Temporal.Tests.Support;

/// <summary>
/// Builds a Temporal history event by event, with ids and references filled in, as a server would record it for the
/// commands our workflows emit. No server can run here, so replay histories are made with this and saved as JSON
/// (<c>Histories/*.json</c>); the replay tests read the files.
/// </summary>
internal sealed class HistoryBuilder
{
    private const string Namespace = "default";
    private readonly List<HistoryEvent> events = [];
    private readonly string workflowId;
    private readonly string taskQueue;
    private long lastWorkflowTaskCompleted;
    private int activitySeq;
    private int timerSeq;
    private int signalSeq;
    private DateTimeOffset now;

    public HistoryBuilder(string workflowId, string workflowType, string taskQueue, object input, DateTimeOffset start, string? parentWorkflowId = null)
    {
        this.workflowId = workflowId;
        this.taskQueue = taskQueue;
        now = start;
        var started = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Input = Payloads(input),
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            OriginalExecutionRunId = RunId,
            FirstExecutionRunId = RunId,
            Identity = "history-builder",
            Attempt = 1,
            WorkflowId = workflowId,
        };
        if (parentWorkflowId is not null)
        {
            started.ParentWorkflowNamespace = Namespace;
            started.ParentWorkflowExecution = new WorkflowExecution { WorkflowId = parentWorkflowId, RunId = "parent-run" };
            started.ParentInitiatedEventId = 5;
        }

        Add(EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = started);
    }

    public string RunId { get; } = "5e1f3c0a-0000-4000-8000-000000000001";

    public int Count => events.Count;

    /// <summary>Moves the clock (event times are what <c>Workflow.UtcNow</c> reads).</summary>
    public HistoryBuilder At(DateTimeOffset time)
    {
        now = time;
        return this;
    }

    public HistoryBuilder After(TimeSpan elapsed) => At(now + elapsed);

    /// <summary>A workflow task: scheduled, started, completed. The commands that follow belong to it.</summary>
    public HistoryBuilder WorkflowTask(bool suggestContinueAsNew = false)
    {
        var scheduled = Add(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
        {
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        var started = Add(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes
        {
            ScheduledEventId = scheduled,
            Identity = "history-builder",
            RequestId = $"request-{scheduled}",
            SuggestContinueAsNew = suggestContinueAsNew,
            HistorySizeBytes = events.Count * 512,
        });
        lastWorkflowTaskCompleted = Add(EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new WorkflowTaskCompletedEventAttributes
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Identity = "history-builder",
        });
        return this;
    }

    /// <summary>A workflow task that is scheduled and started but not completed: the history ends there (replay runs it).</summary>
    public HistoryBuilder OpenWorkflowTask()
    {
        var scheduled = Add(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
        {
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        Add(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes
        {
            ScheduledEventId = scheduled,
            Identity = "history-builder",
            RequestId = $"request-{scheduled}",
        });
        return this;
    }

    /// <summary>A ScheduleActivityTask command; returns the scheduled event id.</summary>
    public long ScheduleActivity(string activityType, string? queue = null) =>
        Add(EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new ActivityTaskScheduledEventAttributes
        {
            ActivityId = (++activitySeq).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ActivityType = new ActivityType { Name = activityType },
            TaskQueue = new TaskQueue { Name = queue ?? taskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });

    /// <summary>The activity ran and returned <paramref name="result"/> (<see langword="null"/> is a null payload).</summary>
    public HistoryBuilder CompleteActivity(long scheduled, object? result)
    {
        var started = Add(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes { ScheduledEventId = scheduled, Attempt = 1, Identity = "worker" });
        Add(EventType.ActivityTaskCompleted, e => e.ActivityTaskCompletedEventAttributes = new ActivityTaskCompletedEventAttributes
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Result = Payloads(result),
        });
        return this;
    }

    /// <summary>Runs an activity to completion in one go: schedule (as a command of the last task) and complete.</summary>
    public HistoryBuilder Activity(string activityType, object? result, string? queue = null) => CompleteActivity(ScheduleActivity(activityType, queue), result);

    /// <summary>The activity failed with an application error of <paramref name="errorType"/>.</summary>
    public HistoryBuilder FailActivity(long scheduled, string message, string errorType, bool nonRetryable)
    {
        var started = Add(EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes { ScheduledEventId = scheduled, Attempt = 1, Identity = "worker" });
        Add(EventType.ActivityTaskFailed, e => e.ActivityTaskFailedEventAttributes = new ActivityTaskFailedEventAttributes
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            RetryState = nonRetryable ? RetryState.NonRetryableFailure : RetryState.MaximumAttemptsReached,
            Failure = new Failure
            {
                Message = message,
                Source = "DotNetSDK",
                ApplicationFailureInfo = new ApplicationFailureInfo { Type = errorType, NonRetryable = nonRetryable },
            },
        });
        return this;
    }

    /// <summary>The activity timed out (schedule-to-start: no worker ever started it).</summary>
    public HistoryBuilder TimeOutActivity(long scheduled, TimeoutType timeoutType)
    {
        Add(EventType.ActivityTaskTimedOut, e => e.ActivityTaskTimedOutEventAttributes = new ActivityTaskTimedOutEventAttributes
        {
            ScheduledEventId = scheduled,
            RetryState = RetryState.Timeout,
            Failure = new Failure
            {
                Message = "activity timeout",
                Source = "Server",
                TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = timeoutType },
            },
        });
        return this;
    }

    /// <summary>A StartTimer command; returns the timer's id.</summary>
    public (string Id, long Started) StartTimer(TimeSpan duration)
    {
        var id = (++timerSeq).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var started = Add(EventType.TimerStarted, e => e.TimerStartedEventAttributes = new TimerStartedEventAttributes
        {
            TimerId = id,
            StartToFireTimeout = Duration.FromTimeSpan(duration),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        return (id, started);
    }

    public HistoryBuilder FireTimer((string Id, long Started) timer)
    {
        Add(EventType.TimerFired, e => e.TimerFiredEventAttributes = new TimerFiredEventAttributes { TimerId = timer.Id, StartedEventId = timer.Started });
        return this;
    }

    /// <summary>A CancelTimer command.</summary>
    public HistoryBuilder CancelTimer((string Id, long Started) timer)
    {
        Add(EventType.TimerCanceled, e => e.TimerCanceledEventAttributes = new TimerCanceledEventAttributes
        {
            TimerId = timer.Id,
            StartedEventId = timer.Started,
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
            Identity = "history-builder",
        });
        return this;
    }

    public HistoryBuilder Signal(string name, object argument)
    {
        Add(EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
        {
            SignalName = name,
            Input = Payloads(argument),
            Identity = "gateway",
        });
        return this;
    }

    /// <summary>A StartChildWorkflowExecution command; returns the initiated event id.</summary>
    public long StartChild(string childId, string childType, object input) =>
        Add(EventType.StartChildWorkflowExecutionInitiated, e => e.StartChildWorkflowExecutionInitiatedEventAttributes = new StartChildWorkflowExecutionInitiatedEventAttributes
        {
            Namespace = Namespace,
            WorkflowId = childId,
            WorkflowType = new WorkflowType { Name = childType },
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Input = Payloads(input),
            ParentClosePolicy = ParentClosePolicy.Abandon,
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
            WorkflowIdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
        });

    public HistoryBuilder ChildStarted(long initiated, string childId, string childType)
    {
        Add(EventType.ChildWorkflowExecutionStarted, e => e.ChildWorkflowExecutionStartedEventAttributes = new ChildWorkflowExecutionStartedEventAttributes
        {
            Namespace = Namespace,
            InitiatedEventId = initiated,
            WorkflowExecution = new WorkflowExecution { WorkflowId = childId, RunId = $"run-{childId}" },
            WorkflowType = new WorkflowType { Name = childType },
        });
        return this;
    }

    public HistoryBuilder ChildCompleted(long initiated, string childId, string childType, object result)
    {
        var startedId = events.Last(e => e.EventType == EventType.ChildWorkflowExecutionStarted && e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId == initiated).EventId;
        Add(EventType.ChildWorkflowExecutionCompleted, e => e.ChildWorkflowExecutionCompletedEventAttributes = new ChildWorkflowExecutionCompletedEventAttributes
        {
            Namespace = Namespace,
            InitiatedEventId = initiated,
            StartedEventId = startedId,
            WorkflowExecution = new WorkflowExecution { WorkflowId = childId, RunId = $"run-{childId}" },
            WorkflowType = new WorkflowType { Name = childType },
            Result = Payloads(result),
        });
        return this;
    }

    /// <summary>A SignalExternalWorkflowExecution command and the server's confirmation that it was delivered.</summary>
    public HistoryBuilder SignalExternal(string targetWorkflowId, string name, object argument)
    {
        ++signalSeq;
        var initiated = Add(EventType.SignalExternalWorkflowExecutionInitiated, e => e.SignalExternalWorkflowExecutionInitiatedEventAttributes = new SignalExternalWorkflowExecutionInitiatedEventAttributes
        {
            Namespace = Namespace,
            WorkflowExecution = new WorkflowExecution { WorkflowId = targetWorkflowId },
            SignalName = name,
            Input = Payloads(argument),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        Add(EventType.ExternalWorkflowExecutionSignaled, e => e.ExternalWorkflowExecutionSignaledEventAttributes = new ExternalWorkflowExecutionSignaledEventAttributes
        {
            Namespace = Namespace,
            InitiatedEventId = initiated,
            WorkflowExecution = new WorkflowExecution { WorkflowId = targetWorkflowId },
        });
        return this;
    }

    public HistoryBuilder ContinuedAsNew(string workflowType, object input)
    {
        Add(EventType.WorkflowExecutionContinuedAsNew, e => e.WorkflowExecutionContinuedAsNewEventAttributes = new WorkflowExecutionContinuedAsNewEventAttributes
        {
            NewExecutionRunId = "5e1f3c0a-0000-4000-8000-000000000002",
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Input = Payloads(input),
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        return this;
    }

    public HistoryBuilder Completed(object? result)
    {
        Add(EventType.WorkflowExecutionCompleted, e => e.WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes
        {
            Result = Payloads(result),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        });
        return this;
    }

    public WorkflowHistory Build() => new(workflowId, events.ToArray());

    public static Temporalio.Api.Common.V1.Payloads Payloads(object? value)
    {
        var payloads = new Temporalio.Api.Common.V1.Payloads();
        payloads.Payloads_.Add(DataConverter.Default.PayloadConverter.ToPayload(value));
        return payloads;
    }

    private long Add(EventType type, Action<HistoryEvent> fill)
    {
        var e = new HistoryEvent { EventId = events.Count + 1, EventTime = Timestamp.FromDateTimeOffset(now), EventType = type };
        fill(e);
        events.Add(e);
        return e.EventId;
    }
}
