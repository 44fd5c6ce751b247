using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Aws;
using Neptune.Aws.S3;
using Neptune.Aws.Sns;
using Neptune.DependencyInjection;
using Neptune.Ports;

// In this namespace so UseS3 and UseSnsAudit show up wherever AddNeptune is called.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AWS adapters: S3 stores and the SNS audit sink.</summary>
public static class AwsNeptuneBuilderExtensions
{
    /// <summary>
    /// Keeps latest deployments and job logs in S3 (options from <c>Neptune:S3</c>, validated at start). Replaces
    /// any <see cref="IDeploymentStore"/> and <see cref="IJobLogStore"/> registered before, and the in-process host's
    /// file stores whatever the order of the calls.
    /// </summary>
    /// <param name="builder">The Neptune builder.</param>
    /// <param name="configure">Sets options after configuration is bound.</param>
    public static NeptuneBuilder UseS3(this NeptuneBuilder builder, Action<S3StoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<S3StoreOptions>().BindConfiguration(S3StoreOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3StoreOptions>, S3StoreOptionsValidator>());
        services.TryAddKeyedSingleton<IAmazonS3>(AwsServiceKeys.S3Client, (sp, _) =>
            S3ClientFactory.Create(sp.GetRequiredService<IOptions<S3StoreOptions>>().Value, sp.GetKeyedService<AWSCredentials>(AwsServiceKeys.Credentials)));
        services.RemoveAll<IDeploymentStore>();
        services.AddSingleton<IDeploymentStore>(sp => new S3DeploymentStore(
            sp.GetRequiredKeyedService<IAmazonS3>(AwsServiceKeys.S3Client),
            sp.GetRequiredService<IOptions<S3StoreOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<S3DeploymentStore>>()));
        services.RemoveAll<IJobLogStore>();
        services.AddSingleton<IJobLogStore>(sp => new S3JobLogStore(
            sp.GetRequiredKeyedService<IAmazonS3>(AwsServiceKeys.S3Client),
            sp.GetRequiredService<IOptions<S3StoreOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<S3JobLogStore>>()));
        return builder;
    }

    /// <summary>
    /// Publishes apply audit events to an SNS topic (options from <c>Neptune:Audit</c>, validated at start). Replaces
    /// any <see cref="IAuditSink"/> registered before, and the in-process host's audit file whatever the order of the calls.
    /// </summary>
    /// <param name="builder">The Neptune builder.</param>
    /// <param name="configure">Sets options after configuration is bound.</param>
    public static NeptuneBuilder UseSnsAudit(this NeptuneBuilder builder, Action<SnsAuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SnsAuditOptions>().BindConfiguration(SnsAuditOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnsAuditOptions>, SnsAuditOptionsValidator>());
        services.RemoveAll<IAuditSink>();
        services.AddSingleton<IAuditSink>(sp => new SnsAuditSink(
            sp.GetRequiredService<IOptions<SnsAuditOptions>>(),
            sp.GetKeyedService<AWSCredentials>(AwsServiceKeys.Credentials),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<SnsAuditSink>>()));
        return builder;
    }
}
