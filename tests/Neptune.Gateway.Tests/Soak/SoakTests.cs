using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Neptune.Benchmarks.Soak;
using Neptune.Gateway.Tests.Webhooks;

namespace Neptune.Gateway.Tests.Soak;

/// <summary>
/// The soak (benchmarks/Neptune.Benchmarks, <c>soak</c>) in small: signed pushes to the sample gateway, real git fetches
/// from local bare repositories, the terraform stand-in, GitHub faked by WireMock.Net; every push answered 202 must
/// become exactly one deployment with exactly one final state, applied once (check runs, JSON API, audit file).
/// </summary>
public sealed class SoakTests
{
    [Fact]
    public async Task Every_accepted_push_becomes_one_deployment_that_finishes_once()
    {
        const int Webhooks = 30, Targets = 6;
        var root = Directory.CreateTempSubdirectory("neptune-soak-test-").FullName;
        try
        {
            var repos = await SoakRepos.CreateAsync(Path.Combine(root, "repos"), Webhooks, Targets);
            using var github = new SoakGitHub(repos);
            var dataDir = Path.Combine(root, "data");
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseSetting("Neptune:DataDir", dataDir);
                b.UseSetting("Neptune:Terraform:Path", TerraformStandIn.Path);
                b.UseSetting("Neptune:Git:CloneUrl", Path.Combine(repos.ReposDir, "{owner}", "{repo}"));
                b.UseSetting("Neptune:GitHub:ApiUrl", github.ApiUrl);
                b.UseSetting("Neptune:GitHub:Token", "ghs_test_token");
                b.UseSetting("Neptune:GitHub:WebhookSecret", GitHubGateway.Secret);
                b.UseSetting("Neptune:GitHub:RepoAllowlist:0", "acme/*");
            });
            using var http = factory.CreateClient();
            var pushes = new SoakPushes(GitHubGateway.Secret, Path.Combine(AppContext.BaseDirectory, "Webhooks", "Fixtures", "push.json"));
            var accepted = new List<SoakPush>();
            foreach (var push in repos.Pushes)
            {
                var delivery = pushes.Delivery(push);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new ByteArrayContent(delivery.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-GitHub-Event", "push");
                request.Headers.Add("X-GitHub-Delivery", delivery.DeliveryId);
                request.Headers.Add("X-Hub-Signature-256", delivery.Signature);
                using var response = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add(push);
            }

            // Real terraform and git processes run: wait for their results, not for a time.
            var clock = Stopwatch.StartNew();
            while (!(await SoakLedger.ProgressAsync(http, github, accepted)).Done)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{github.FinalStates} of {Webhooks} deployments finished after 90 s");
                await Task.Delay(100);
            }

            var verdict = await SoakLedger.CheckAsync(http, github, repos, accepted, Path.Combine(dataDir, "audit.jsonl"));
            Assert.True(verdict.Ok, string.Join('\n', verdict.Problems));
            Assert.Equal((Webhooks, Webhooks, Webhooks, 0, 0, 0), (verdict.Accepted, verdict.Deployments, verdict.Applied, verdict.RejectedAsBehind, verdict.Lost, verdict.Duplicated));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
