using Neptune.GitHub.Permissions;
using Neptune.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Permissions;

public sealed class GitHubRepoPermissionsTests : IDisposable
{
    private const string PermissionPath = FakeGitHub.ApiPath + "/repos/acme/infra/collaborators/octocat/permission";
    private static readonly RepoRef Infra = new("acme", "infra");
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    private Task<bool> HasWrite()
    {
        var options = _github.Options();
        return new GitHubRepoPermissions(_github.Clients(options), _github.Retry(options)).HasPermissionAsync(Infra, "octocat", RepoPermission.Write);
    }

    private void Respond(int status, string body) =>
        _github.Server.Given(Request.Create().WithPath(PermissionPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private static string Answer(string permission, string? roleName) =>
        $$"""
        {"permission":"{{permission}}",{{(roleName is null ? "" : $"\"role_name\":\"{roleName}\",")}}
         "user":{"login":"octocat","id":1,"type":"User","site_admin":false,"permissions":{"admin":false,"maintain":false,"push":false,"triage":false,"pull":true} } }
        """;

    [Theory]
    [InlineData("admin", "admin", true)]
    [InlineData("write", "maintain", true)] // maintain reports write as its coarse permission
    [InlineData("write", "write", true)]
    [InlineData("read", "triage", false)] // triage reports read as its coarse permission
    [InlineData("read", "read", false)]
    [InlineData("none", null, false)]
    [InlineData("write", null, true)] // older GitHub Enterprise: no role_name
    [InlineData("write", "deployer", true)] // a custom role falls back to its base permission
    [InlineData("read", "auditor", false)]
    public async Task Role_is_compared_with_write(string permission, string? roleName, bool expected)
    {
        Respond(200, Answer(permission, roleName));

        Assert.Equal(expected, await HasWrite());
        Assert.Equal(PermissionPath, Assert.Single(_github.Requests).RequestMessage!.Path);
    }

    [Fact]
    public async Task Maintain_is_enough_for_maintain_but_write_is_not()
    {
        Respond(200, Answer("write", "write"));
        var options = _github.Options();
        var permissions = new GitHubRepoPermissions(_github.Clients(options), _github.Retry(options));

        Assert.False(await permissions.HasPermissionAsync(Infra, "octocat", RepoPermission.Maintain));
        Assert.True(await permissions.HasPermissionAsync(Infra, "octocat", RepoPermission.Triage));
    }

    [Fact]
    public async Task Not_a_collaborator_has_no_permission()
    {
        Respond(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/collaborators/collaborators","status":"404"}""");

        Assert.False(await HasWrite());
    }
}
