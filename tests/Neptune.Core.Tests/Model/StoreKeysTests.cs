using Neptune.Model;

namespace Neptune.Tests.Model;

public class StoreKeysTests
{
    [Theory]
    [InlineData(null, "acme/infra/network/deployment.json")]
    [InlineData("", "acme/infra/network/deployment.json")]
    [InlineData("/", "acme/infra/network/deployment.json")]
    [InlineData("neptune", "neptune/acme/infra/network/deployment.json")]
    [InlineData("neptune/", "neptune/acme/infra/network/deployment.json")]
    [InlineData("/neptune/", "neptune/acme/infra/network/deployment.json")]
    [InlineData("teams/platform", "teams/platform/acme/infra/network/deployment.json")]
    public void Deployment_key_is_prefix_owner_repo_root_deployment_json(string? prefix, string expected)
    {
        Assert.Equal(expected, StoreKeys.Deployment(prefix, TestData.Target));
    }

    [Theory]
    [InlineData(null, "4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21")]
    [InlineData("", "4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21")]
    [InlineData("jobs", "jobs/4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21")]
    [InlineData("jobs/", "jobs/4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21")]
    public void Job_log_key_is_prefix_and_job_id(string? prefix, string expected)
    {
        Assert.Equal(expected, StoreKeys.JobLog(prefix, new Guid("4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21")));
    }

    [Fact]
    public void Roots_of_the_same_repo_get_different_keys()
    {
        var dns = new DeployTarget(TestData.Repo, "dns");

        Assert.NotEqual(StoreKeys.Deployment("p", TestData.Target), StoreKeys.Deployment("p", dns));
    }
}
