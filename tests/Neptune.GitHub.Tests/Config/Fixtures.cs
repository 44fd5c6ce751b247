namespace Neptune.GitHub.Tests.Config;

/// <summary>Real-looking config files.</summary>
internal static class Fixtures
{
    public const string NeptuneFull = """
        # Neptune deploys these roots on merge to main.
        version: 3
        projects:
          - name: network-prod
            dir: envs/prod/network
            terraform_version: 1.9.8
            workflow: careful
            when_modified:
              - "*.tf"
              - "../../../modules/network/**"
              - "!../../../modules/network/README.md"
            tags:
              environment: prod
              project: network
          - name: network-staging
            dir: envs/staging/network
            tags: { environment: staging, project: network }
          - name: top
            dir: .
        """;

    /// <summary>An atlantis.yaml in the shape of the Atlantis docs, with keys Neptune has no use for.</summary>
    public const string AtlantisFull = """
        version: 3
        automerge: true
        autodiscover:
          mode: auto
        delete_source_branch_on_merge: true
        parallel_plan: true
        parallel_apply: true
        abort_on_execution_order_fail: true
        projects:
        - name: app
          branch: /main/
          dir: project1
          workspace: default
          terraform_version: v0.11.0
          delete_source_branch_on_merge: true
          repo_locking: true
          custom_policy_check: false
          autoplan:
            when_modified: ["../modules/**/*.tf", "*.tf*"]
            enabled: true
          plan_requirements: [mergeable, approved, undiverged]
          apply_requirements: [mergeable, approved, undiverged]
          import_requirements: [mergeable, approved, undiverged]
          silence_pr_comments: ["apply"]
          execution_order_group: 1
          depends_on:
            - project-1
          workflow: myworkflow
        workflows:
          myworkflow:
            plan:
              steps:
              - run: my-custom-command arg1 arg2
              - init
              - plan:
                  extra_args: ["-lock", "false"]
            apply:
              steps:
              - apply
        allowed_regexp_prefixes:
        - dev/
        - staging/
        """;
}
