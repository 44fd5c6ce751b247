using Neptune.Runs;

namespace Neptune.Terraform.Tests;

public sealed class TerraformOptionsValidatorTests
{
    private readonly TerraformOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid_and_follow_the_run_policy()
    {
        var options = new TerraformOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal("terraform", options.Path);
        Assert.Null(options.PluginCacheDir);
        Assert.Equal(RunPolicy.CancellationGracePeriod, options.CancellationGracePeriod);
        Assert.Equal(RunPolicy.HeartbeatInterval, options.HeartbeatInterval);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_path_names_the_key_and_the_fix(string path)
    {
        var result = _validator.Validate(null, new TerraformOptions { Path = path });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Neptune:Terraform:Path is empty; set it to the terraform or tofu executable", failure);
    }

    [Fact]
    public void A_blank_plugin_cache_dir_is_refused()
    {
        var failure = Assert.Single(_validator.Validate(null, new TerraformOptions { PluginCacheDir = " " }).Failures!);

        Assert.StartsWith("Neptune:Terraform:PluginCacheDir is blank", failure);
    }

    [Fact]
    public void A_negative_grace_period_is_refused()
    {
        var failure = Assert.Single(_validator.Validate(null, new TerraformOptions { CancellationGracePeriod = TimeSpan.FromSeconds(-1) }).Failures!);

        Assert.StartsWith("Neptune:Terraform:CancellationGracePeriod", failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(600)]
    public void A_heartbeat_interval_must_be_positive_and_below_the_heartbeat_timeout(int seconds)
    {
        var failure = Assert.Single(_validator.Validate(null, new TerraformOptions { HeartbeatInterval = TimeSpan.FromSeconds(seconds) }).Failures!);

        Assert.StartsWith("Neptune:Terraform:HeartbeatInterval", failure);
    }

    [Fact]
    public void Environment_names_must_be_usable()
    {
        var options = new TerraformOptions();
        options.Environment["A=B"] = "x";
        options.Environment["TF_LOG"] = "DEBUG";

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);

        Assert.Contains("'A=B'", failure);
    }
}
