namespace Neptune.Model;

/// <summary>Object keys of the stores, identical for file, S3 and any other backend.</summary>
public static class StoreKeys
{
    /// <summary>File name of a target's latest-deployment record.</summary>
    public const string DeploymentFileName = "deployment.json";

    /// <summary><c>&lt;prefix&gt;/&lt;owner&gt;/&lt;repo&gt;/&lt;root&gt;/deployment.json</c>; an empty prefix gives no leading slash.</summary>
    public static string Deployment(string? prefix, DeployTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Join(prefix, $"{target.Repo.Owner}/{target.Repo.Name}/{target.Root}/{DeploymentFileName}");
    }

    /// <summary><c>&lt;prefix&gt;/&lt;jobId&gt;</c>; an empty prefix gives no leading slash.</summary>
    public static string JobLog(string? prefix, Guid jobId) => Join(prefix, jobId.ToString());

    private static string Join(string? prefix, string key)
    {
        var p = prefix?.Trim('/');
        return string.IsNullOrEmpty(p) ? key : p + "/" + key;
    }
}
