using Neptune.GitHub.Config;

namespace Neptune.GitHub.Tests.Config;

/// <summary>One test per kind of config error: each names the file, line, column and a plain reason.</summary>
public sealed class RepoConfigErrorTests
{
    private static RepoConfigException Fails(string yaml, string fileName = "neptune.yaml")
    {
        var e = Assert.Throws<RepoConfigException>(() => RepoConfigReader.Read(yaml, fileName));
        Assert.Equal(fileName, e.FileName);
        Assert.DoesNotContain("YamlDotNet", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal);
        return e;
    }

    private static void At(RepoConfigException e, int line, int column)
    {
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.StartsWith($"{e.FileName}:{line}:{column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_yaml_syntax_reports_the_place_and_the_parser_reason_only()
    {
        var e = Fails("""
            version: 3
            projects:
              - name: a
                dir: "unterminated
            """);

        Assert.Equal("invalid YAML: While scanning a quoted scalar, found unexpected end of stream.", e.Reason);
        At(e, 4, 10);
        Assert.IsType<YamlDotNet.Core.YamlException>(e.InnerException, exactMatch: false);
    }

    [Fact]
    public void Tab_indentation_is_a_yaml_syntax_error()
    {
        var e = Fails("version: 3\nprojects:\n\t- name: a\n");

        Assert.Contains("tab", e.Reason, StringComparison.Ordinal);
        At(e, 3, 1);
    }

    [Fact]
    public void Duplicate_yaml_key_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    dir: b\n");

        Assert.Equal("invalid YAML: Duplicate key dir", e.Reason);
        At(e, 5, 5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void Empty_file_is_an_error(string yaml)
    {
        var e = Fails(yaml);

        Assert.Contains("the file is empty", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_yaml_documents_are_an_error()
    {
        var e = Fails("version: 3\nprojects: []\n---\nversion: 3\n");

        Assert.Contains("more than one YAML document", e.Reason, StringComparison.Ordinal);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void Top_level_list_is_a_wrong_type()
    {
        var e = Fails("- name: a\n  dir: a\n");

        At(e, 1, 1);
        Assert.Contains("the file must be a mapping", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_version_is_an_error()
    {
        var e = Fails("projects: []\n");

        Assert.Contains("'version' is missing", e.Reason, StringComparison.Ordinal);
        At(e, 1, 1);
    }

    [Theory]
    [InlineData("version: 2\nprojects: []\n", "'version' is 2")]
    [InlineData("version: three\nprojects: []\n", "'version' must be a whole number, not 'three'")]
    [InlineData("version: \"3\"\nprojects: []\n", "'version' must be a whole number")]
    public void Version_other_than_the_number_3_is_an_error(string yaml, string expected)
    {
        var e = Fails(yaml);

        Assert.Contains(expected, e.Reason, StringComparison.Ordinal);
        At(e, 1, 10);
    }

    [Fact]
    public void Missing_projects_is_an_error()
    {
        var e = Fails("version: 3\n");

        Assert.Contains("'projects' is missing", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Projects_as_a_mapping_is_a_wrong_type()
    {
        var e = Fails("version: 3\nprojects:\n  name: a\n  dir: a\n");

        Assert.Contains("'projects' must be a list", e.Reason, StringComparison.Ordinal);
        At(e, 3, 3);
    }

    [Fact]
    public void Project_that_is_not_a_mapping_is_a_wrong_type()
    {
        var e = Fails("version: 3\nprojects:\n  - envs/prod\n");

        Assert.Contains("projects[0] must be a mapping", e.Reason, StringComparison.Ordinal);
        At(e, 3, 5);
    }

    [Fact]
    public void Unknown_top_level_key_is_an_error()
    {
        var e = Fails("version: 3\nproject: []\n");

        Assert.Contains("unknown key 'project'", e.Reason, StringComparison.Ordinal);
        Assert.Contains("known keys are: version, projects", e.Reason, StringComparison.Ordinal);
        At(e, 2, 1);
    }

    [Fact]
    public void Unknown_project_key_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    when_modifed: [\"*.tf\"]\n");

        Assert.Contains("projects[0] has the unknown key 'when_modifed'", e.Reason, StringComparison.Ordinal);
        At(e, 5, 5);
    }

    [Fact]
    public void Unknown_autoplan_key_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    autoplan:\n      when: [\"*.tf\"]\n");

        Assert.Contains("unknown key 'when'", e.Reason, StringComparison.Ordinal);
        At(e, 6, 7);
    }

    [Fact]
    public void Missing_name_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - dir: a\n");

        Assert.Contains("projects[0] has no 'name'", e.Reason, StringComparison.Ordinal);
        At(e, 3, 5);
    }

    [Theory]
    [InlineData("name:")]
    [InlineData("name: \"\"")]
    public void Empty_name_is_an_error(string nameLine)
    {
        var e = Fails($"version: 3\nprojects:\n  - {nameLine}\n    dir: a\n");

        Assert.Contains("must not be empty", e.Reason, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("a/b", "path separator")]
    [InlineData("a||b", "'||'")]
    public void Name_unusable_in_a_target_id_is_an_error(string name, string expected)
    {
        var e = Fails($"version: 3\nprojects:\n  - name: \"{name}\"\n    dir: a\n");

        Assert.Contains(expected, e.Reason, StringComparison.Ordinal);
        At(e, 3, 11);
    }

    [Fact]
    public void Duplicate_root_names_are_an_error_pointing_at_both()
    {
        var e = Fails("""
            version: 3
            projects:
              - name: prod
                dir: a
              - name: prod
                dir: b
            """);

        Assert.Contains("'prod' is already used on line 3", e.Reason, StringComparison.Ordinal);
        At(e, 5, 11);
    }

    [Fact]
    public void Root_names_differing_only_in_case_are_duplicates()
    {
        var e = Fails("version: 3\nprojects:\n  - {name: Prod, dir: a}\n  - {name: prod, dir: b}\n");

        Assert.Contains("already used on line 3", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_dir_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n");

        Assert.Contains("project 'a' has no 'dir'", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dir:")]
    [InlineData("dir: \"\"")]
    [InlineData("dir: \"  \"")]
    public void Empty_dir_is_an_error(string dirLine)
    {
        var e = Fails($"version: 3\nprojects:\n  - name: a\n    {dirLine}\n");

        Assert.Contains("'dir' must not be empty", e.Reason, StringComparison.Ordinal);
        Assert.Equal(4, e.Line);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    public void Dir_escaping_the_repository_is_an_error(string dir)
    {
        var e = Fails($"version: 3\nprojects:\n  - name: a\n    dir: {dir}\n");

        Assert.Contains("reaches outside the repository", e.Reason, StringComparison.Ordinal);
        At(e, 4, 10);
    }

    [Theory]
    [InlineData("/srv/infra")]
    [InlineData("C:/infra")]
    public void Absolute_dir_is_an_error(string dir)
    {
        var e = Fails($"version: 3\nprojects:\n  - name: a\n    dir: {dir}\n");

        Assert.Contains("is absolute", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Dir_with_backslashes_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: 'envs\\prod'\n");

        Assert.Contains("separate directories with '/'", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Dir_as_a_list_is_a_wrong_type()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: [a, b]\n");

        Assert.Contains("'dir' must be a single value, not a list", e.Reason, StringComparison.Ordinal);
        At(e, 4, 10);
    }

    [Fact]
    public void When_modified_as_a_single_string_is_a_wrong_type()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    when_modified: \"*.tf\"\n");

        Assert.Contains("'when_modified' must be a list", e.Reason, StringComparison.Ordinal);
        At(e, 5, 20);
    }

    [Fact]
    public void When_modified_both_directly_and_under_autoplan_is_an_error()
    {
        var e = Fails("""
            version: 3
            projects:
              - name: a
                dir: a
                when_modified: ["*.tf"]
                autoplan:
                  when_modified: ["*.hcl"]
            """);

        Assert.Contains("both directly (line 5) and under 'autoplan'", e.Reason, StringComparison.Ordinal);
        At(e, 7, 7);
    }

    [Fact]
    public void When_modified_pattern_escaping_the_repository_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: envs/a\n    when_modified:\n      - \"*.tf\"\n      - \"../../../modules/**\"\n");

        Assert.Contains("reaches outside the repository", e.Reason, StringComparison.Ordinal);
        At(e, 7, 9);
    }

    [Theory]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("\"!\"", "excludes nothing")]
    [InlineData("\"/abs/*.tf\"", "is absolute")]
    [InlineData("\"env[1.tf\"", "without a closing ']'")]
    [InlineData("{a: b}", "must be a single value")]
    public void Invalid_when_modified_pattern_is_an_error(string pattern, string expected)
    {
        var e = Fails($"version: 3\nprojects:\n  - name: a\n    dir: a\n    when_modified: [{pattern}]\n");

        Assert.Contains(expected, e.Reason, StringComparison.Ordinal);
        At(e, 5, 21);
    }

    [Fact]
    public void Autoplan_enabled_that_is_not_a_boolean_is_a_wrong_type()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    autoplan:\n      enabled: sometimes\n");

        Assert.Contains("'autoplan.enabled' must be true or false", e.Reason, StringComparison.Ordinal);
        At(e, 6, 16);
    }

    [Fact]
    public void Tags_as_a_list_is_a_wrong_type()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    tags: [prod]\n");

        Assert.Contains("'tags' must be a mapping", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_without_a_value_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    tags:\n      environment:\n");

        Assert.Contains("tag 'environment' has no value", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_default_workspace_is_an_error()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: a\n    workspace: staging\n", "atlantis.yaml");

        Assert.Contains("workspace 'staging' is not supported", e.Reason, StringComparison.Ordinal);
        At(e, 5, 16);
    }

    [Fact]
    public void Exception_message_is_file_line_column_and_reason()
    {
        var e = Fails("version: 3\nprojects:\n  - name: a\n    dir: ../x\n", "atlantis.yaml");

        Assert.Equal("atlantis.yaml:4:10: project 'a': 'dir' '../x' reaches outside the repository.", e.Message);
    }

    [Fact]
    public void Flow_collections_nested_deeper_than_64_levels_are_refused_before_parsing()
    {
        // Found by fuzzing: 20,000 '[' (a 40 KB file) kept YamlDotNet's scanner busy for over a minute, which stalls the
        // gateway's one intake worker; the scanner's time grows with the square of the depth.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = Fails("version: 3\nprojects: " + new string('[', 20_000) + new string(']', 20_000));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
        Assert.Equal("lists or mappings are nested more than 64 levels deep; a config needs a few.", e.Reason);
        At(e, 2, 11 + 64);

        // 64 levels still reach the parser and the schema check; brackets in quotes and comments do not count.
        var schema = Fails("version: 3\nprojects: " + new string('[', 64) + new string(']', 64));
        Assert.Contains("must be a mapping", schema.Reason, StringComparison.Ordinal);
        var quoted = RepoConfigReader.Read(
            "version: 3 # " + new string('[', 100) + "\nprojects:\n  - name: a\n    dir: a\n    tags: { note: \"" + new string('{', 100) + "\", other: '" + new string('[', 100) + "' }\n",
            "neptune.yaml");
        Assert.Equal(new string('{', 100), Assert.Single(quoted.Roots).Tags["note"]);
    }

    [Fact]
    public void Text_on_which_the_yaml_scanner_fails_without_a_place_is_still_a_config_error_with_a_line()
    {
        // Found by fuzzing (a generated atlantis.yaml): YamlDotNet's scanner threw InvalidOperationException from
        // ScanPlainScalar, which escaped the reader (and the intake worker's handling of config errors).
        const string Yaml = "\n  autoplan:\n    - dir:\n        - name : [#c, '..', \t]\n      project: \"envs/prod\"\n      dir: [a//b, {environment: \t}]\n" +
            "      project: ?\n    - \"]\"\n  tags:\n    - '!'\n    - environment: ['**/*.tf', {when_modified: x}, {automerge: yes}]\n      \"aaaa\":\n" +
            "          workflows:\n              tags: &a\n              when_modified: ?\n              Version: ':'\n          workflows:\n" +
            "            - ...\n            - envs/prod\n          project: *.tf\n      Version: [default]\n";
        var e = Fails(Yaml, "atlantis.yaml");
        Assert.Equal("invalid YAML: the text from here on cannot be read.", e.Reason);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.InRange(e.Line ?? 0, 1, 21);
    }

    [Fact]
    public void An_event_the_yaml_loader_does_not_expect_is_a_config_error_with_its_line()
    {
        // Found by fuzzing (input #135 of seed 20261202): YamlDotNet's loader threw a bare ArgumentException ("unsupported
        // type") at the empty key on line 13; the reader called it a duplicate key and gave no line.
        var e = Fails(
            "version: 3\nprojects:\n  \"?\": 'a//b'\n  \"~\":\n      terraform_version:\n        - automerge: yes\n          \"&a\": a//b\n" +
            "          name: >\n          project: 'C:\\x'\n          x: ']'\n        - : '@x'\n          project: \"true\"\n      : [Null]\n" +
            "      name :\n      name : ['x', {workflows: ...}]\n");
        Assert.Equal("invalid YAML: the text from here on cannot be read.", e.Reason);
        Assert.IsType<ArgumentException>(e.InnerException, exactMatch: false);
        At(e, 13, 7);
    }
}
