using System.Net;
using Octokit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Api;

public sealed class GitHubRetryTests : IDisposable
{
    private const string RunPath = FakeGitHub.ApiPath + "/repos/acme/infra/check-runs/42";
    private const string RunJson = """{"id":42,"head_sha":"abc","name":"neptune/deploy: prod","status":"queued"}""";
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    private Task<CheckRun> GetRun(int maxAttempts = 3)
    {
        var options = _github.Options(maxAttempts);
        var client = _github.Client(options);
        return _github.Retry(options).ExecuteAsync("get check run", _ => client.Check.Run.Get("acme", "infra", 42), CancellationToken.None);
    }

    private void RespondInSequence(params Func<IResponseBuilder, IResponseBuilder>[] responses)
    {
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = _github.Server.Given(Request.Create().WithPath(RunPath).UsingGet()).InScenario("sequence");
            mapping = i == 0 ? mapping.WillSetStateTo("1") : mapping.WhenStateIs(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).WillSetStateTo((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            mapping.RespondWith(responses[i](Response.Create()));
        }
    }

    private static IResponseBuilder Ok(IResponseBuilder r) => r.WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(RunJson);

    private static IResponseBuilder ServerError(IResponseBuilder r) => r.WithStatusCode(500).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Server Error"}""");

    [Fact]
    public async Task Client_sends_token_user_agent_and_keeps_the_configured_base_path()
    {
        RespondInSequence(Ok);

        var run = await GetRun();

        Assert.Equal(42, run.Id);
        var request = Assert.Single(_github.Requests).RequestMessage!;
        Assert.Equal(RunPath, request.Path);
        Assert.Equal("Bearer " + FakeGitHub.Token, request.Headers!["Authorization"].Single());
        Assert.StartsWith("Neptune", request.Headers["User-Agent"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_error_then_success_is_retried_after_the_backoff()
    {
        RespondInSequence(ServerError, Ok);

        var call = GetRun();
        await _github.Time.WaitForTimerAsync();
        Assert.Single(_github.Requests);
        _github.Time.Advance(TimeSpan.FromSeconds(1)); // base delay of the first retry

        var run = await call;

        Assert.Equal(42, run.Id);
        Assert.Equal(2, _github.Requests.Count);
    }

    [Fact]
    public async Task Too_many_requests_waits_for_retry_after_then_succeeds()
    {
        RespondInSequence(r => r.WithStatusCode(429).WithHeader("Retry-After", "2").WithBody("""{"message":"slow down"}"""), Ok);

        var call = GetRun();
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(call.IsCompleted);
        Assert.Single(_github.Requests);
        _github.Time.Advance(TimeSpan.FromSeconds(0.1));

        var run = await call;

        Assert.Equal(42, run.Id);
        Assert.Equal(2, _github.Requests.Count);
    }

    [Fact]
    public async Task Secondary_rate_limit_is_retried_after_retry_after()
    {
        RespondInSequence(
            r => r.WithStatusCode(403).WithHeader("Retry-After", "3").WithHeader("Content-Type", "application/json")
                .WithBody("""{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"""),
            Ok);

        var call = GetRun();
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(call.IsCompleted);
        _github.Time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(42, (await call).Id);
        Assert.Equal(2, _github.Requests.Count);
    }

    [Fact]
    public async Task Persistent_server_error_throws_the_last_error_after_max_attempts()
    {
        _github.Server.Given(Request.Create().WithPath(RunPath).UsingGet()).RespondWith(ServerError(Response.Create()));

        var call = GetRun(maxAttempts: 3);
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(1));
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(2)); // backoff doubles

        var error = await Assert.ThrowsAsync<ApiException>(() => call);

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, _github.Requests.Count);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        _github.Server.Given(Request.Create().WithPath(RunPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(422).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Validation Failed"}"""));

        await Assert.ThrowsAsync<ApiValidationException>(() => GetRun());

        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task Cancellation_during_a_wait_stops_retrying()
    {
        RespondInSequence(ServerError, Ok);
        using var cancellation = new CancellationTokenSource();
        var options = _github.Options();
        var client = _github.Client(options);

        var call = _github.Retry(options).ExecuteAsync("get check run", _ => client.Check.Run.Get("acme", "infra", 42), cancellation.Token);
        await _github.Time.WaitForTimerAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public void Backoff_doubles_and_is_capped()
    {
        var options = _github.Options(maxAttempts: 10);
        options.RetryMaxDelay = TimeSpan.FromSeconds(5);
        var retry = _github.Retry(options);
        var error = new ApiException("boom", HttpStatusCode.BadGateway);

        var delays = Enumerable.Range(1, 5).Select(attempt => retry.RetryDelay(error, attempt, CancellationToken.None)).ToList();

        Assert.Equal([1, 2, 4, 5, 5], delays.Select(d => d!.Value.TotalSeconds));
        Assert.Null(retry.RetryDelay(new NotFoundException("nope", HttpStatusCode.NotFound), 1, CancellationToken.None));
    }
}
