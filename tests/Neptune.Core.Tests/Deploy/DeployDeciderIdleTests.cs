using Neptune.Deploy;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;
using static Neptune.Tests.Deploy.DeployFlow;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>Spec §4 "Idle shutdown": a coordinator with nothing to do and no revision for 60 minutes ends.</summary>
public class DeployDeciderIdleTests
{
    private static IdleTimerFired Fired(double minutes) => new() { At = T0.AddMinutes(minutes) };

    [Fact]
    public void Start_schedules_the_idle_timer_sixty_minutes_ahead()
    {
        var flow = NotStarted();

        var decision = flow.Step(new TargetStarted { At = T0 });

        Assert.Equal([new ScheduleIdleTimer(T0 + RunPolicy.IdleTimeout)], decision.Commands);
        Assert.Equal(T0.AddMinutes(60), flow.State.IdleDeadline);
    }

    [Fact]
    public void Idle_timer_at_the_deadline_while_idle_stops_the_coordinator()
    {
        var flow = Started();

        var decision = flow.Step(Fired(60));

        Assert.Equal([StopCoordinator.Instance], decision.Commands);
        Assert.True(flow.State.IsStopped);
    }

    [Fact]
    public void Idle_timer_while_a_deployment_is_in_flight_is_refused()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        var reason = flow.Refused(Fired(24 * 60));

        Assert.Contains("in flight", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_timer_with_only_locked_merges_queued_is_refused_so_the_coordinator_stays_up()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Request(2, Merge(ShaB));

        var commands = flow.Deploy(1);

        Assert.DoesNotContain(commands, c => c is ScheduleIdleTimer);
        Assert.Contains("1 queued", flow.Refused(Fired(7 * 24 * 60)), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_accepted_revision_moves_the_idle_deadline_to_an_hour_after_it()
    {
        var flow = Started();
        flow.Now = T0.AddMinutes(10);

        var first = flow.Request(1, Merge(ShaA));
        flow.Now = T0.AddMinutes(25);
        var second = flow.Request(2, Merge(ShaB));

        Assert.Equal(new ScheduleIdleTimer(T0.AddMinutes(70)), first.Commands[^1]);
        Assert.Equal(new ScheduleIdleTimer(T0.AddMinutes(85)), second.Commands[^1]);
        Assert.Equal(T0.AddMinutes(85), flow.State.IdleDeadline);
    }

    [Fact]
    public void Idle_timer_before_the_deadline_a_later_revision_set_is_stale()
    {
        var flow = Started();
        flow.Now = T0.AddMinutes(30);
        flow.Request(1, Merge(ShaA));

        var ended = flow.Deploy(1);

        Assert.Equal(new ScheduleIdleTimer(T0.AddMinutes(90)), ended[^1]);
        Assert.Contains("stale", flow.Refused(Fired(60)), StringComparison.Ordinal);
        Assert.Equal([StopCoordinator.Instance], flow.Step(Fired(90)).Commands);
    }

    [Fact]
    public void Rejected_revision_leaving_nothing_to_do_schedules_the_idle_timer()
    {
        var flow = Started(Latest(ShaB));
        flow.Request(1, Merge(ShaA));

        var decision = flow.Resolve(1, CompareDirection.Behind);

        Assert.Equal(new ScheduleIdleTimer(T0.AddMinutes(60)), decision.Commands[^1]);
        Assert.True(flow.State.IsIdle);
    }

    [Fact]
    public void Unlocking_an_idle_target_schedules_the_idle_timer()
    {
        var flow = Started(Latest(ShaA, Trigger.Manual));

        var decision = flow.Unlock();

        Assert.Equal([new ScheduleIdleTimer(T0.AddMinutes(60))], decision.Commands);
    }

    [Fact]
    public void Stopped_coordinator_refuses_every_event()
    {
        var flow = Started();
        flow.Step(Fired(60));

        var reason = flow.Refused(flow.Requested(1, Merge(ShaA)));
        flow.Refused(Fired(120));
        flow.Refused(new UnlockRequested { At = T0 });
        flow.Refused(new TargetStarted { At = T0.AddMinutes(61) });

        Assert.Contains("stopped", reason, StringComparison.Ordinal);
    }
}
