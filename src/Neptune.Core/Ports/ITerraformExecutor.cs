namespace Neptune.Ports;

/// <summary>Runs terraform (or OpenTofu) commands. Non-zero exits throw <see cref="TerraformClientException"/>.</summary>
public interface ITerraformExecutor
{
    /// <summary><c>terraform init -input=false</c>.</summary>
    Task InitAsync(TerraformContext context, CancellationToken cancellationToken);

    /// <summary><c>terraform plan -input=false -refresh=true -out=PLANFILE</c>.</summary>
    Task PlanAsync(TerraformContext context, string planFile, CancellationToken cancellationToken);

    /// <summary><c>terraform show -json PLANFILE</c>; returns the JSON as UTF-8.</summary>
    Task<byte[]> ShowJsonAsync(TerraformContext context, string planFile, CancellationToken cancellationToken);

    /// <summary><c>terraform apply -input=false PLANFILE</c>: exactly the reviewed plan.</summary>
    Task ApplyAsync(TerraformContext context, string planFile, CancellationToken cancellationToken);
}
