using System.Text.Json;

namespace Neptune.Terraform.Tests;

// The stand-in at tests/tools/terraform is only trustworthy if it keeps terraform's CLI contract;
// these tests hold it to the parts other tests rely on. They run it directly, without the executor.
public sealed class StandInTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Version_prints_like_terraform()
    {
        var result = Run("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Terraform v1.9.8\non linux_amd64\n", result.Stdout);
        using var json = JsonDocument.Parse(Run("version", "-json").Stdout);
        Assert.Equal("1.9.8", json.RootElement.GetProperty("terraform_version").GetString());
    }

    [Fact]
    public void Plan_needs_init_first()
    {
        var result = Run("plan", "-input=false", "-out=p.tfplan");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: Inconsistent dependency lock file", result.Stderr);
        Assert.Contains("terraform init", result.Stderr);
    }

    [Theory]
    [InlineData("""{"changes": 2}""", 2)]
    [InlineData("""{"updates": 1}""", 2)]
    [InlineData("""{"changes": 0, "unchanged": 4}""", 0)]
    [InlineData("""{"changes": 1, "fail": "plan"}""", 1)]
    public void Detailed_exitcode_is_two_for_changes_zero_for_none_and_one_for_errors(string config, int expected)
    {
        _workspace.Configure(config);
        Assert.Equal(0, Run("init", "-input=false").ExitCode);

        Assert.Equal(expected, Run("plan", "-input=false", "-refresh=true", "-out=p.tfplan", "-detailed-exitcode").ExitCode);
        Assert.Equal(expected == 1 ? 1 : 0, Run("plan", "-input=false", "-refresh=true", "-out=p.tfplan").ExitCode);
    }

    [Fact]
    public void Plan_prints_terraform_summary_lines()
    {
        _workspace.Configure("""{"changes": 2, "updates": 1, "destroys": 3}""");
        Run("init");

        var changes = Run("plan", "-out=p.tfplan");
        _workspace.Configure("""{"changes": 0}""");
        var none = Run("plan", "-out=p.tfplan");

        Assert.Contains("\nPlan: 2 to add, 1 to change, 3 to destroy.\n", changes.Stdout);
        Assert.Contains("To perform exactly these actions, run the following command to apply:", changes.Stdout);
        Assert.Contains("\nNo changes. Your infrastructure matches the configuration.\n", none.Stdout);
    }

    [Fact]
    public void Show_json_describes_the_plan_file_not_the_current_config()
    {
        _workspace.Configure("""{"changes": 1, "replaces": 1, "unchanged": 1}""");
        Run("init");
        Run("plan", "-out=p.tfplan");
        _workspace.Configure("""{"changes": 7}""");

        var result = Run("show", "-json", "p.tfplan");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("1.2", json.RootElement.GetProperty("format_version").GetString());
        var changes = json.RootElement.GetProperty("resource_changes").EnumerateArray()
            .Select(rc => (
                Address: rc.GetProperty("address").GetString(),
                Mode: rc.GetProperty("mode").GetString(),
                Actions: string.Join(',', rc.GetProperty("change").GetProperty("actions").EnumerateArray().Select(a => a.GetString()))))
            .ToArray();
        Assert.Equal(
            [
                ("null_resource.new_1", "managed", "create"),
                ("null_resource.replaced_1", "managed", "delete,create"),
                ("null_resource.unchanged_1", "managed", "no-op"),
            ],
            changes);
    }

    [Fact]
    public void A_destroy_plan_deletes_what_exists()
    {
        _workspace.Configure("""{"changes": 2, "updates": 1, "unchanged": 1}""");
        Run("init");

        Assert.Equal(2, Run("plan", "-destroy", "-out=d.tfplan", "-detailed-exitcode").ExitCode);
        using var json = JsonDocument.Parse(Run("show", "-json", "d.tfplan").Stdout);

        var actions = json.RootElement.GetProperty("resource_changes").EnumerateArray()
            .Select(rc => rc.GetProperty("change").GetProperty("actions")[0].GetString());
        Assert.Equal(["delete", "delete"], actions);
    }

    [Fact]
    public void Show_and_apply_refuse_a_corrupt_plan_file()
    {
        _workspace.Configure("""{"changes": 1}""");
        Run("init");
        Run("plan", "-out=p.tfplan");
        File.AppendAllText(Path.Combine(_workspace.Directory, "p.tfplan"), "change create null_resource.smuggled\n");

        var show = Run("show", "-json", "p.tfplan");
        var apply = Run("apply", "-input=false", "p.tfplan");

        Assert.Equal((1, ""), (show.ExitCode, show.Stdout));
        Assert.Contains("Error: Failed to read the given file as a state or plan file", show.Stderr);
        Assert.Equal(1, apply.ExitCode);
        Assert.Empty(_workspace.Applies());
    }

    [Fact]
    public void Apply_refuses_to_run_without_a_plan_file()
    {
        _workspace.Configure("""{"changes": 1}""");
        Run("init");

        var result = Run("apply", "-input=false");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: No saved plan file given", result.Stderr);
        Assert.Empty(_workspace.Applies());
    }

    [Fact]
    public void Each_apply_appends_one_record_to_the_file_named_by_the_environment()
    {
        _workspace.Configure("""{"changes": 1}""");
        var record = Path.Combine(_workspace.Root, "applies.log");
        var environment = new Dictionary<string, string> { ["NEPTUNE_STANDIN_APPLY_LOG"] = record };
        Run("init");
        Run("plan", "-out=p.tfplan");

        StandIn.Run(_workspace.Directory, environment, "apply", "p.tfplan");
        var second = StandIn.Run(_workspace.Directory, environment, "apply", "-input=false", "p.tfplan");

        Assert.Contains("Apply complete! Resources: 1 added, 0 changed, 0 destroyed.", second.Stdout);
        var lines = File.ReadAllLines(record);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains($"plan_sha256={Workspace.Sha256(Path.Combine(_workspace.Directory, "p.tfplan"))} ", line));
        Assert.Empty(_workspace.Applies());
    }

    [Fact]
    public void Unknown_commands_and_flags_fail_like_terraform()
    {
        Assert.Equal(1, Run("destroy").ExitCode);
        var flag = Run("init", "-bogus");
        Assert.Equal(1, flag.ExitCode);
        Assert.Contains("flag provided but not defined: -bogus", flag.Stderr);
    }

    [Fact]
    public void Init_refuses_a_plugin_cache_dir_that_does_not_exist_as_terraform_does()
    {
        var missing = Path.Combine(_workspace.Root, "no-cache");

        var result = StandIn.Run(_workspace.Directory, new Dictionary<string, string> { ["TF_PLUGIN_CACHE_DIR"] = missing }, "init");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The specified plugin cache dir {missing} cannot be opened", result.Stderr);
    }

    private StandInResult Run(params string[] arguments) => StandIn.Run(_workspace.Directory, null, arguments);
}
