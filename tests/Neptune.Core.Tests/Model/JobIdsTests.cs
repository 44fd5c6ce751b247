using CsCheck;
using Neptune.Model;

namespace Neptune.Tests.Model;

public class JobIdsTests
{
    private static readonly Guid DeploymentId = new("6f9619ff-8b86-4011-b42d-00c04fc964ff");

    [Fact]
    public void Derive_is_deterministic()
    {
        Assert.Equal(JobIds.Derive(DeploymentId, 1), JobIds.Derive(new Guid("6f9619ff-8b86-4011-b42d-00c04fc964ff"), 1));
    }

    [Fact]
    public void Plan_and_apply_job_ids_differ_from_each_other_and_from_the_deployment_id()
    {
        var d = new Deployment(DeploymentId, TestData.Merge(TestData.ShaA), TestData.T0);

        Assert.Equal(JobIds.Derive(DeploymentId, 1), d.PlanJobId);
        Assert.Equal(JobIds.Derive(DeploymentId, 2), d.ApplyJobId);
        Assert.Equal(3, new HashSet<Guid> { d.Id, d.PlanJobId, d.ApplyJobId }.Count);
    }

    [Fact]
    public void Different_ordinals_give_different_ids_for_any_deployment()
    {
        Gen.Select(Gen.Guid, Gen.Byte, Gen.Byte).Where((_, a, b) => a != b).Sample((id, a, b) =>
            Assert.NotEqual(JobIds.Derive(id, a), JobIds.Derive(id, b)));
    }

    [Fact]
    public void Different_deployments_give_different_job_ids()
    {
        Gen.Select(Gen.Guid, Gen.Guid).Where((a, b) => a != b).Sample((a, b) =>
        {
            Assert.NotEqual(JobIds.Derive(a, 1), JobIds.Derive(b, 1));
            Assert.NotEqual(JobIds.Derive(a, 2), JobIds.Derive(b, 2));
        });
    }
}
