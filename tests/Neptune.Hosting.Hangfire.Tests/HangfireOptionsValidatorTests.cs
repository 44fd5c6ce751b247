namespace Neptune.Hosting.Hangfire.Tests;

public sealed class HangfireOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new HangfireOptionsValidator().Validate(null, new HangfireOptions()).Succeeded);
    }

    [Fact]
    public void A_bad_queue_and_a_node_timeout_shorter_than_two_heartbeats_are_named()
    {
        var result = new HangfireOptionsValidator().Validate(null, new HangfireOptions
        {
            SharedQueue = "Neptune-Queue",
            HeartbeatInterval = TimeSpan.FromSeconds(10),
            NodeTimeout = TimeSpan.FromSeconds(15),
        });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.Contains("Neptune:Hangfire:SharedQueue", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Neptune:Hangfire:NodeTimeout", StringComparison.Ordinal));
    }
}
