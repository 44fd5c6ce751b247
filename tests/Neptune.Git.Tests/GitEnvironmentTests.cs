namespace Neptune.Git.Tests;

public sealed class GitEnvironmentTests
{
    [Fact]
    public void Inherited_variables_that_could_redirect_git_are_removed_and_ssh_setup_is_kept()
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin",
            ["GIT_DIR"] = "/elsewhere/.git",
            ["GIT_WORK_TREE"] = "/elsewhere",
            ["GIT_ASKPASS"] = "/usr/bin/askpass",
            ["GIT_TRACE_CURL"] = "1",
            ["GIT_CONFIG_PARAMETERS"] = "'credential.helper'='store'",
            ["GIT_CONFIG_KEY_7"] = "core.sshCommand",
            ["GIT_SSH_COMMAND"] = "ssh -i /keys/deploy",
            ["GIT_SSL_CAINFO"] = "/etc/ca.pem",
        };

        GitEnvironment.Apply(environment, "/var/neptune/deployments/d1", authorizationHeader: null);

        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("ssh -i /keys/deploy", environment["GIT_SSH_COMMAND"]);
        Assert.Equal("/etc/ca.pem", environment["GIT_SSL_CAINFO"]);
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_ASKPASS", "GIT_TRACE_CURL", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_KEY_7" })
        {
            Assert.False(environment.ContainsKey(name), $"{name} was passed on");
        }

        Assert.Equal("/var/neptune/deployments", environment["GIT_CEILING_DIRECTORIES"]);
        Assert.Equal("0", environment["GIT_TERMINAL_PROMPT"]);
        var count = int.Parse(environment["GIT_CONFIG_COUNT"]!, System.Globalization.CultureInfo.InvariantCulture);
        var settings = Enumerable.Range(0, count).ToDictionary(i => environment[$"GIT_CONFIG_KEY_{i}"]!, i => environment[$"GIT_CONFIG_VALUE_{i}"]);
        Assert.Equal("0", settings["gc.auto"]);
        Assert.False(settings.ContainsKey("http.extraHeader"));
    }

    [Fact]
    public void Credentials_build_githubs_basic_header_and_scrub_both_forms()
    {
        var credentials = new GitCredentials("ghs_abc");
        var encoded = Convert.ToBase64String("x-access-token:ghs_abc"u8.ToArray());

        Assert.Equal("Authorization: Basic " + encoded, credentials.AuthorizationHeader);
        Assert.Equal("token *** header Basic ***", credentials.Scrub($"token ghs_abc header Basic {encoded}"));
        Assert.Null(new GitCredentials(null).AuthorizationHeader);
        Assert.Equal("ghs_abc", new GitCredentials(null).Scrub("ghs_abc"));
    }
}
