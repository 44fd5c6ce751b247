using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Aws.S3;
using Neptune.Aws.Sns;
using Neptune.Aws.Tests.S3;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Aws.Tests.DependencyInjection;

/// <summary>UseS3 and UseSnsAudit in a generic host next to the in-process host, configured as an adopter would.</summary>
public sealed class AwsNeptuneBuilderExtensionsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neptune-aws-di-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private IHost Build(Dictionary<string, string?> settings, Action<Neptune.DependencyInjection.NeptuneBuilder> neptune, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        more?.Invoke(builder.Services);
        builder.Services.AddNeptune(neptune);
        return builder.Build();
    }

    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Neptune:DataDir"] = Path.Combine(root, "data"),
            ["Neptune:S3:Bucket"] = "neptune-state",
            ["Neptune:S3:Prefix"] = "deployments",
            ["Neptune:S3:ServiceUrl"] = "http://127.0.0.1:4568",
            ["Neptune:S3:Region"] = "us-east-1",
            ["Neptune:S3:ForcePathStyle"] = "true",
            ["Neptune:Audit:SnsTopicArn"] = "arn:aws:sns:eu-west-1:123456789012:neptune-audit",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static void Credentials(IServiceCollection services) =>
        services.AddKeyedSingleton<AWSCredentials>(AwsServiceKeys.Credentials, new BasicAWSCredentials("AKIDTEST", "secret"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void S3_and_SNS_replace_the_in_process_file_stores_whichever_is_registered_first(bool awsFirst)
    {
        using var host = Build(Settings(), n =>
        {
            if (awsFirst)
            {
                n.UseS3().UseSnsAudit().UseInProcess();
            }
            else
            {
                n.UseInProcess().UseS3().UseSnsAudit();
            }
        }, Credentials);

        Assert.IsType<S3DeploymentStore>(host.Services.GetRequiredService<IDeploymentStore>());
        Assert.IsType<S3JobLogStore>(host.Services.GetRequiredService<IJobLogStore>());
        Assert.IsType<SnsAuditSink>(host.Services.GetRequiredService<IAuditSink>());
        Assert.Single(host.Services.GetServices<IDeploymentStore>());
        var options = host.Services.GetRequiredService<IOptions<S3StoreOptions>>().Value;
        Assert.Equal(("neptune-state", "deployments", true), (options.Bucket, options.Prefix, options.ForcePathStyle));
        var store = (S3DeploymentStore)host.Services.GetRequiredService<IDeploymentStore>();
        Assert.Equal("deployments/acme/infra/production/deployment.json", store.KeyOf(new DeployTarget(new RepoRef("acme", "infra"), "production")));
        var client = (AmazonS3Client)host.Services.GetRequiredKeyedService<IAmazonS3>(AwsServiceKeys.S3Client);
        Assert.StartsWith("http://127.0.0.1:4568", client.Config.ServiceURL, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_configuration_applies_after_the_bound_settings()
    {
        using var host = Build(Settings(), n => n.UseS3(o => o.Prefix = "from-code").UseSnsAudit(o => o.SnsMaxAttempts = 9), Credentials);

        Assert.Equal("from-code", host.Services.GetRequiredService<IOptions<S3StoreOptions>>().Value.Prefix);
        Assert.Equal(9, host.Services.GetRequiredService<IOptions<SnsAuditOptions>>().Value.SnsMaxAttempts);
    }

    [Fact]
    public void An_application_S3_client_registered_first_is_used()
    {
        using var own = new AmazonS3Client(new BasicAWSCredentials("a", "b"), new AmazonS3Config { ServiceURL = "http://127.0.0.1:1", ForcePathStyle = true });

        using var host = Build(Settings(), n => n.UseS3(), s => s.AddKeyedSingleton<IAmazonS3>(AwsServiceKeys.S3Client, own));

        Assert.Same(own, host.Services.GetRequiredKeyedService<IAmazonS3>(AwsServiceKeys.S3Client));
    }

    [Fact]
    public async Task Missing_bucket_and_topic_stop_start_up_naming_the_keys()
    {
        using var host = Build(Settings(("Neptune:S3:Bucket", null), ("Neptune:Audit:SnsTopicArn", null)), n => n.UseS3().UseSnsAudit(), Credentials);

        var e = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        Assert.Equal(2, e.InnerExceptions.Count);
        Assert.All(e.InnerExceptions, inner => Assert.IsType<OptionsValidationException>(inner));
        Assert.Contains("Neptune:S3:Bucket is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("Neptune:Audit:SnsTopicArn is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_topic_stops_start_up_naming_the_key()
    {
        using var host = Build(Settings(("Neptune:Audit:SnsTopicArn", "")), n => n.UseSnsAudit(), Credentials);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Neptune:Audit:SnsTopicArn is required", e.Message, StringComparison.Ordinal);
    }
}
