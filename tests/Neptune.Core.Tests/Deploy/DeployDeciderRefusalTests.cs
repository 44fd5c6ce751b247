using Neptune.Deploy;
using Neptune.Model;
using static Neptune.Tests.Deploy.DeployFlow;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>Bad input and strays: each is refused with a reason and leaves the state exactly as it was.</summary>
public class DeployDeciderRefusalTests
{
    [Fact]
    public void Events_before_TargetStarted_are_refused()
    {
        var flow = NotStarted();

        var reason = flow.Refused(flow.Requested(1, Merge(ShaA)));
        flow.Refused(new IdleTimerFired { At = T0 });
        flow.Refused(new UnlockRequested { At = T0 });

        Assert.Contains("has not started", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetStarted_twice_is_refused()
    {
        var flow = Started(Latest(ShaA));

        var reason = flow.Refused(new TargetStarted { At = T0, Latest = Latest(ShaB, Trigger.Manual) });

        Assert.Contains("already started", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetStarted_with_the_latest_deployment_of_another_target_is_refused()
    {
        var flow = NotStarted();
        var other = new LatestDeployment(Id(900), new DeployTarget(Repo, "dns"), ShaA, "main", Trigger.Manual);

        var reason = flow.Refused(new TargetStarted { At = T0, Latest = other });

        Assert.Contains("acme/infra||dns", reason, StringComparison.Ordinal);
        Assert.False(flow.State.IsStarted);
    }

    [Fact]
    public void Request_reusing_the_id_of_a_queued_deployment_is_refused()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));

        var reason = flow.Refused(flow.Requested(2, Merge(ShaC)));

        Assert.Contains("already accepted", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_reusing_the_id_of_the_deployment_in_flight_is_refused()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        flow.Refused(flow.Requested(1, Manual(ShaB)));
    }

    [Fact]
    public void Request_with_an_empty_deployment_id_is_refused()
    {
        var flow = Started();

        flow.Refused(new RevisionRequested { At = T0, DeploymentId = Guid.Empty, Request = Merge(ShaA) });
    }

    [Fact]
    public void Request_for_another_target_is_refused()
    {
        var flow = Started();
        var request = new RevisionRequest(new DeployTarget(Repo, "dns"), ShaA, "main", Trigger.Merge, "alice");

        var reason = flow.Refused(flow.Requested(1, request));

        Assert.Contains("acme/infra||dns", reason, StringComparison.Ordinal);
    }
}
