using System.Text.Json;

namespace Neptune.Tests.Plans;

/// <summary>Documents shaped like the output of <c>terraform show -json PLANFILE</c> (terraform 1.9).</summary>
internal static class PlanDocuments
{
    /// <summary>A plan with one change of each kind: create, update, delete, replace (delete-before-create) and a no-op.</summary>
    public const string Mixed = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.8",
          "planned_values": {
            "root_module": {
              "resources": [
                { "address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs", "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": { "bucket": "acme-logs" } }
              ]
            }
          },
          "resource_changes": [
            {
              "address": "aws_s3_bucket.logs",
              "mode": "managed",
              "type": "aws_s3_bucket",
              "name": "logs",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": { "actions": ["create"], "before": null, "after": { "bucket": "acme-logs" }, "after_unknown": { "arn": true }, "before_sensitive": false, "after_sensitive": {} }
            },
            {
              "address": "aws_security_group.web",
              "mode": "managed",
              "type": "aws_security_group",
              "name": "web",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": { "actions": ["update"], "before": { "description": "web" }, "after": { "description": "web tier" }, "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {} }
            },
            {
              "address": "aws_instance.old",
              "mode": "managed",
              "type": "aws_instance",
              "name": "old",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": { "actions": ["delete"], "before": { "ami": "ami-0abc" }, "after": null, "after_unknown": {}, "before_sensitive": {}, "after_sensitive": false }
            },
            {
              "address": "aws_instance.web[0]",
              "mode": "managed",
              "type": "aws_instance",
              "name": "web",
              "index": 0,
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": { "actions": ["delete", "create"], "before": { "ami": "ami-0abc" }, "after": { "ami": "ami-0def" }, "after_unknown": { "id": true }, "before_sensitive": {}, "after_sensitive": {}, "replace_paths": [["ami"]] },
              "action_reason": "replace_because_cannot_update"
            },
            {
              "address": "aws_vpc.main",
              "mode": "managed",
              "type": "aws_vpc",
              "name": "main",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": { "actions": ["no-op"], "before": { "cidr_block": "10.0.0.0/16" }, "after": { "cidr_block": "10.0.0.0/16" }, "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {} }
            }
          ],
          "output_changes": {
            "bucket_arn": { "actions": ["create"], "before": null, "after_unknown": true, "before_sensitive": false, "after_sensitive": false }
          },
          "configuration": { "provider_config": { "aws": { "name": "aws", "full_name": "registry.terraform.io/hashicorp/aws" } }, "root_module": {} },
          "timestamp": "2025-03-14T09:31:02Z",
          "applyable": true,
          "complete": true,
          "errored": false
        }
        """;

    /// <summary>A plan that only changes outputs: terraform omits <c>resource_changes</c> entirely.</summary>
    public const string OutputsOnly = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.8",
          "planned_values": { "outputs": { "region": { "sensitive": false, "type": "string", "value": "eu-west-1" } }, "root_module": {} },
          "output_changes": { "region": { "actions": ["update"], "before": "us-east-1", "after": "eu-west-1", "after_unknown": false, "before_sensitive": false, "after_sensitive": false } },
          "configuration": { "root_module": { "outputs": { "region": { "expression": { "constant_value": "eu-west-1" } } } } },
          "timestamp": "2025-03-14T09:31:02Z",
          "applyable": true,
          "complete": true,
          "errored": false
        }
        """;

    /// <summary>A plan document whose resource changes carry the given action lists, in order.</summary>
    public static string WithActions(params string[][] actions)
    {
        var changes = actions.Select((a, i) => new Dictionary<string, object?>
        {
            ["address"] = $"null_resource.r{i}",
            ["mode"] = "managed",
            ["type"] = "null_resource",
            ["name"] = $"r{i}",
            ["provider_name"] = "registry.terraform.io/hashicorp/null",
            ["change"] = new Dictionary<string, object?>
            {
                ["actions"] = a,
                ["before"] = null,
                ["after"] = new Dictionary<string, object?>(),
                ["after_unknown"] = new Dictionary<string, object?> { ["id"] = true },
            },
        }).ToArray();
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["format_version"] = "1.2",
            ["terraform_version"] = "1.9.8",
            ["resource_changes"] = changes,
            ["applyable"] = true,
            ["complete"] = true,
            ["errored"] = false,
        });
    }
}
