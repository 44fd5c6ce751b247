namespace Neptune.Terraform;

/// <summary>
/// The configured terraform executable does not exist. This is a configuration error of the Neptune
/// host, not a <see cref="Ports.TerraformClientException"/>: terraform never ran, so nothing about the
/// repository is wrong, and retrying cannot help until an operator fixes <c>Neptune:Terraform:Path</c>.
/// It derives from <see cref="Exception"/> so hosts treat it like any other internal error.
/// </summary>
public sealed class TerraformNotFoundException : Exception
{
    /// <summary>Creates the exception for the executable that was tried.</summary>
    public TerraformNotFoundException(string path, Exception? innerException)
        : base($"terraform executable '{path}' was not found; set {TerraformOptions.SectionName}:Path to the terraform or tofu binary (a name on PATH or a full path).", innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception for the executable that was tried.</summary>
    public TerraformNotFoundException(string path)
        : this(path, null)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public TerraformNotFoundException()
        : this(TerraformOptions.DefaultPath)
    {
    }

    /// <summary>The executable that was tried.</summary>
    public string Path { get; }
}
