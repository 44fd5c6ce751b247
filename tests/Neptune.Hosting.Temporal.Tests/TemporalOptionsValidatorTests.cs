namespace Neptune.Hosting.Temporal.Tests;

public sealed class TemporalOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(Action<TemporalOptions> change)
    {
        var options = new TemporalOptions { DataDir = "/tmp" };
        change(options);
        var result = new TemporalOptionsValidator().Validate(null, options);
        return result.Failures?.ToList() ?? [];
    }

    [Fact]
    public void Defaults_are_valid() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("http://localhost:7233")]
    [InlineData("localhost:99999")]
    public void Address_must_be_host_and_port(string address) =>
        Assert.Contains(Failures(o => o.Address = address), f => f.StartsWith("Neptune:Temporal:Address", StringComparison.Ordinal));

    [Fact]
    public void Temporal_cloud_needs_an_api_key_or_a_client_certificate() =>
        Assert.Contains(Failures(o => o.Address = "ns.acct.tmprl.cloud:7233"), f => f.Contains("Temporal Cloud needs", StringComparison.Ordinal));

    [Fact]
    public void A_client_certificate_needs_its_key() =>
        Assert.Contains(Failures(o => o.ClientCertPath = "/etc/hostname"), f => f.Contains("go together", StringComparison.Ordinal));

    [Fact]
    public void Empty_namespace_and_queues_are_refused()
    {
        var failures = Failures(o =>
        {
            o.Namespace = " ";
            o.TaskQueue = "";
        });

        Assert.Contains(failures, f => f.StartsWith("Neptune:Temporal:Namespace", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Temporal:TaskQueue is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void A_terraform_worker_needs_a_data_dir() =>
        Assert.Contains(Failures(o => o.DataDir = null), f => f.Contains("DataDir", StringComparison.Ordinal));
}
