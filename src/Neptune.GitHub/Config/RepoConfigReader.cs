using System.Globalization;
using System.Text.RegularExpressions;
using Neptune.GitHub.Roots;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Neptune.GitHub.Config;

/// <summary>
/// Reads a repository's config file, <c>neptune.yaml</c> (or <c>atlantis.yaml</c> for migrating users) at the
/// repository's top. Shape:
/// <code>
/// version: 3
/// projects:
///   - name: prod            # required, unique (ignoring case)
///     dir: envs/prod        # required, relative to the repository, may not leave it
///     when_modified: ["*.tf", "../modules/**"]   # or under autoplan:, not both
///     terraform_version: 1.9.8
///     workflow: default
///     tags: { environment: prod, project: network }
/// </code>
/// Keys atlantis.yaml defines but Neptune has no use for (<c>automerge</c>, <c>workflows</c>, <c>apply_requirements</c>,
/// <c>autoplan.enabled</c>, …) are accepted and ignored, so atlantis files migrate unchanged; a project's
/// <c>workspace</c> must be <c>default</c>. Any other key is an error. Every error is a <see cref="RepoConfigException"/>
/// naming the file, line, column and reason.
/// </summary>
public static partial class RepoConfigReader
{
    /// <summary>The config file's name.</summary>
    public const string NeptuneFileName = "neptune.yaml";

    /// <summary>The atlantis.yaml name, accepted for migrating users.</summary>
    public const string AtlantisFileName = "atlantis.yaml";

    private static readonly string[] TopKeys = ["version", "projects"];
    private static readonly string[] IgnoredTopKeys =
    [
        "automerge", "autodiscover", "delete_source_branch_on_merge", "parallel_plan", "parallel_apply",
        "abort_on_execution_order_fail", "workflows", "allowed_regexp_prefixes",
    ];

    private static readonly string[] ProjectKeys = ["name", "dir", "when_modified", "autoplan", "terraform_version", "workflow", "tags", "workspace"];
    private static readonly string[] IgnoredProjectKeys =
    [
        "branch", "execution_order_group", "delete_source_branch_on_merge", "repo_locking", "repo_locks",
        "custom_policy_check", "plan_requirements", "apply_requirements", "import_requirements",
        "silence_pr_comments", "terraform_distribution", "depends_on",
    ];

    private static readonly string[] AutoplanKeys = ["when_modified", "enabled"];

    /// <summary>The accepted file names, in order of preference: look for <c>neptune.yaml</c> first.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [NeptuneFileName, AtlantisFileName];

    /// <summary>Reads and validates a config file.</summary>
    /// <param name="yamlText">The file's content.</param>
    /// <param name="fileName">The file's name: <c>neptune.yaml</c> or <c>atlantis.yaml</c>.</param>
    /// <exception cref="RepoConfigException">The name, YAML or schema is wrong; the message gives file, line and reason.</exception>
    public static RepoConfig Read(string yamlText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        CheckFileName(fileName);
        var file = new FileContext(fileName);
        CheckFlowDepth(yamlText, fileName);

        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yamlText));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var (line, column) = ((int)e.Start.Line, (int)e.Start.Column);
            if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndentedLine(yamlText) is int tabLine)
            {
                // The parser places tab errors at the start of the enclosing mapping; point at the tab instead.
                (line, column) = (tabLine, 1);
            }

            throw new RepoConfigException(fileName, line, column, "invalid YAML: " + YamlReason(e), e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Found by fuzzing: YamlDotNet 18 also throws these, with no place: InvalidOperationException from its
            // scanner on some malformed plain scalars, ArgumentException ("unsupported type") from its loader on an
            // event it does not expect, e.g. '...' inside a flow mapping. The event the loader stopped at is the place.
            var start = parser.Current?.Start;
            var (line, column) = ((int)Math.Max(1, start?.Line ?? 1), (int)Math.Max(1, start?.Column ?? 1));
            var reason = e.Message.Contains("same key", StringComparison.Ordinal)
                ? "invalid YAML: a mapping has the same key twice."
                : "invalid YAML: the text from here on cannot be read.";
            throw new RepoConfigException(fileName, line, column, reason, e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new RepoConfigException(fileName, 1, 1, $"the file is empty; it needs 'version: {RepoConfig.SupportedVersion}' and 'projects'.");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw file.Error(second, "the file holds more than one YAML document ('---'); keep a single one.");
        }

        var top = stream.Documents[0].RootNode;
        if (top is YamlScalarNode scalar && IsNull(scalar))
        {
            throw new RepoConfigException(fileName, 1, 1, $"the file is empty; it needs 'version: {RepoConfig.SupportedVersion}' and 'projects'.");
        }

        var map = file.Mapping(top, "the file");
        var keys = file.Keys(map, "the file", TopKeys, IgnoredTopKeys);

        if (!keys.TryGetValue("version", out var versionNode))
        {
            throw file.Error(map, $"'version' is missing; add 'version: {RepoConfig.SupportedVersion}'.");
        }

        var version = file.Integer(versionNode.Value, "version");
        if (version != RepoConfig.SupportedVersion)
        {
            throw file.Error(versionNode.Value, $"'version' is {version}; only version {RepoConfig.SupportedVersion} (the atlantis.yaml version) is supported.");
        }

        if (!keys.TryGetValue("projects", out var projectsNode))
        {
            throw file.Error(map, "'projects' is missing; list the roots under 'projects:'.");
        }

        var roots = new List<RootConfig>();
        var names = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        if (!(projectsNode.Value is YamlScalarNode p && IsNull(p)))
        {
            var sequence = file.Sequence(projectsNode.Value, "'projects'");
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var (root, nameNode) = ReadProject(file, sequence.Children[i], i);
                if (names.TryGetValue(root.Name, out var previous))
                {
                    throw file.Error(nameNode, $"the root name '{root.Name}' is already used on line {previous.Start.Line}; root names must be unique (ignoring case).");
                }

                names.Add(root.Name, nameNode);
                roots.Add(root);
            }
        }

        return new RepoConfig(fileName, roots);
    }

    private static void CheckFileName(string fileName)
    {
        if (FileNames.Contains(fileName, StringComparer.Ordinal))
        {
            return;
        }

        var reason = fileName is "neptune.yml" or "atlantis.yml"
            ? $"the '.yml' extension is not read; rename the file to '{Path.ChangeExtension(fileName, ".yaml")}'."
            : $"'{fileName}' is not a config file name; use '{NeptuneFileName}' (or '{AtlantisFileName}') at the repository's top.";
        throw new RepoConfigException(fileName, null, null, reason);
    }

    private static (RootConfig Root, YamlNode NameNode) ReadProject(FileContext file, YamlNode node, int index)
    {
        var what = $"projects[{index}]";
        var map = file.Mapping(node, what);
        var keys = file.Keys(map, what, ProjectKeys, IgnoredProjectKeys);

        if (!keys.TryGetValue("name", out var nameEntry))
        {
            throw file.Error(map, $"{what} has no 'name'; every root needs a unique name.");
        }

        var name = file.String(nameEntry.Value, "name") ?? throw file.Error(nameEntry.Value, $"{what}: 'name' must not be empty.");
        try
        {
            name = RootConfig.ValidateName(name);
        }
        catch (ArgumentException e)
        {
            throw file.Error(nameEntry.Value, e.Message, e);
        }

        what = $"project '{name}'";
        if (!keys.TryGetValue("dir", out var dirEntry))
        {
            throw file.Error(map, $"{what} has no 'dir'; give the Terraform directory relative to the repository ('.' for its top).");
        }

        var dirText = file.String(dirEntry.Value, "dir");
        string dir;
        try
        {
            dir = RepoPath.Normalize(dirText, "'dir'");
        }
        catch (ArgumentException e)
        {
            throw file.Error(dirEntry.Value, $"{what}: {e.Message}", e);
        }

        if (keys.TryGetValue("workspace", out var workspaceEntry))
        {
            var workspace = file.String(workspaceEntry.Value, "workspace");
            if (workspace is not null and not "default")
            {
                throw file.Error(workspaceEntry.Value, $"{what}: workspace '{workspace}' is not supported; Neptune deploys the 'default' workspace only.");
            }
        }

        IReadOnlyList<string>? whenModified = null;
        YamlNode? whenModifiedNode = null;
        if (keys.TryGetValue("when_modified", out var wmEntry))
        {
            whenModifiedNode = wmEntry.Value;
        }

        if (keys.TryGetValue("autoplan", out var autoplanEntry) && !(autoplanEntry.Value is YamlScalarNode a && IsNull(a)))
        {
            var autoplan = file.Mapping(autoplanEntry.Value, $"{what}: 'autoplan'");
            var autoplanKeys = file.Keys(autoplan, $"{what}: 'autoplan'", AutoplanKeys, []);
            if (autoplanKeys.TryGetValue("enabled", out var enabled))
            {
                file.Boolean(enabled.Value, "autoplan.enabled");
            }

            if (autoplanKeys.TryGetValue("when_modified", out var nested))
            {
                if (whenModifiedNode is not null)
                {
                    throw file.Error(nested.Key, $"{what}: 'when_modified' is given both directly (line {whenModifiedNode.Start.Line}) and under 'autoplan'; keep one.");
                }

                whenModifiedNode = nested.Value;
            }
        }

        if (whenModifiedNode is not null && !(whenModifiedNode is YamlScalarNode w && IsNull(w)))
        {
            var sequence = file.Sequence(whenModifiedNode, $"{what}: 'when_modified'");
            var patterns = new List<string>();
            foreach (var item in sequence.Children)
            {
                var pattern = file.String(item, "when_modified pattern");
                try
                {
                    WhenModifiedMatcher.ParseRule(dir, pattern);
                }
                catch (ArgumentException e)
                {
                    throw file.Error(item, $"{what}: {e.Message}", e);
                }

                patterns.Add(pattern!);
            }

            whenModified = patterns;
        }

        string? terraformVersion = keys.TryGetValue("terraform_version", out var tv) ? file.String(tv.Value, "terraform_version") : null;
        string? workflow = keys.TryGetValue("workflow", out var wf) ? file.String(wf.Value, "workflow") : null;

        Dictionary<string, string>? tags = null;
        if (keys.TryGetValue("tags", out var tagsEntry) && !(tagsEntry.Value is YamlScalarNode t && IsNull(t)))
        {
            tags = new Dictionary<string, string>(StringComparer.Ordinal);
            var tagsMap = file.Mapping(tagsEntry.Value, $"{what}: 'tags'");
            foreach (var (key, value) in tagsMap.Children)
            {
                var tagName = file.String(key, "tag name") ?? throw file.Error(key, $"{what}: a tag name must not be empty.");
                var tagValue = file.String(value, $"tag '{tagName}'") ?? throw file.Error(value, $"{what}: tag '{tagName}' has no value.");
                tags[tagName] = tagValue;
            }
        }

        try
        {
            return (new RootConfig(name, dir, whenModified, terraformVersion, workflow, tags), nameEntry.Value);
        }
        catch (ArgumentException e)
        {
            throw file.Error(map, $"{what}: {e.Message}", e);
        }
    }

    /// <summary>How deep <c>[</c> and <c>{</c> may nest; a config needs three or four levels.</summary>
    private const int MaxFlowDepth = 64;

    /// <summary>
    /// Refuses flow collections nested deeper than <see cref="MaxFlowDepth"/> before YAML parsing: YamlDotNet's scanner
    /// takes time quadratic in the nesting depth (20,000 <c>[</c>, a 40 KB file, kept the single intake worker busy for
    /// over a minute). A light scan that skips quoted scalars and comments; brackets inside plain or block scalars count
    /// too, which only a file with more than <see cref="MaxFlowDepth"/> of them in a row can notice.
    /// </summary>
    private static void CheckFlowDepth(string text, string fileName)
    {
        var (depth, line, column) = (0, 1, 0);
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            column++;
            if (c == '\n')
            {
                (line, column) = (line + 1, 0);
                continue;
            }

            if (quote == '"')
            {
                if (c == '\\')
                {
                    i++;
                    column++;
                }
                else if (c == '"')
                {
                    quote = '\0';
                }

                continue;
            }

            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0'; // '' (an escaped quote) ends and restarts the scalar: the same for counting.
                }

                continue;
            }

            var startOfToken = i == 0 || text[i - 1] is ' ' or '\t' or '\n' or '\r' or '[' or '{' or ',' or ':' or '-' or '?';
            switch (c)
            {
                case '#' when i == 0 || text[i - 1] is ' ' or '\t' or '\n' or '\r':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '"' or '\'' when startOfToken:
                    quote = c;
                    break;
                case '[' or '{':
                    if (++depth > MaxFlowDepth)
                    {
                        throw new RepoConfigException(fileName, line, column, $"lists or mappings are nested more than {MaxFlowDepth} levels deep; a config needs a few.");
                    }

                    break;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }
    }

    private static int? FirstTabIndentedLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t'))
            {
                return i + 1;
            }
        }

        return null;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string YamlReason(YamlException e)
    {
        var message = PlaceRegex().Replace(e.Message, string.Empty).Trim();
        return message.Length == 0 ? "the YAML cannot be parsed." : message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PlaceRegex();

    /// <summary>Typed access to the nodes of one file, turning every mismatch into a <see cref="RepoConfigException"/>.</summary>
    private sealed class FileContext(string fileName)
    {
        public RepoConfigException Error(YamlNode node, string reason, Exception? inner = null) =>
            new(fileName, (int)node.Start.Line, (int)node.Start.Column, reason, inner);

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys to values, not {Describe(node)}.");

        public YamlSequenceNode Sequence(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list (one '- item' per line, or [a, b]), not {Describe(node)}.");

        /// <summary>A scalar's text, <see langword="null"/> for a YAML null.</summary>
        public string? String(YamlNode node, string what)
        {
            if (node is not YamlScalarNode scalar)
            {
                throw Error(node, $"'{what}' must be a single value, not {Describe(node)}.");
            }

            return IsNull(scalar) ? null : scalar.Value;
        }

        public int Integer(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Style: ScalarStyle.Plain } scalar
                && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            throw Error(node, $"'{what}' must be a whole number, not {Describe(node)}.");
        }

        public bool Boolean(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Style: ScalarStyle.Plain } scalar)
            {
                switch (scalar.Value)
                {
                    case "true" or "True" or "TRUE":
                        return true;
                    case "false" or "False" or "FALSE":
                        return false;
                }
            }

            throw Error(node, $"'{what}' must be true or false, not {Describe(node)}.");
        }

        /// <summary>The known keys of a mapping; unknown keys and keys that are not plain text are errors.</summary>
        public Dictionary<string, KeyValuePair<YamlNode, YamlNode>> Keys(
            YamlMappingNode map, string what, string[] known, string[] ignored)
        {
            var result = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(StringComparer.Ordinal);
            foreach (var entry in map.Children)
            {
                if (entry.Key is not YamlScalarNode { Value: { Length: > 0 } key })
                {
                    throw Error(entry.Key, $"{what} has a key that is not plain text.");
                }

                if (ignored.Contains(key, StringComparer.Ordinal))
                {
                    continue;
                }

                if (!known.Contains(key, StringComparer.Ordinal))
                {
                    throw Error(entry.Key, $"{what} has the unknown key '{key}'; known keys are: {string.Join(", ", known)}.");
                }

                if (!result.TryAdd(key, entry))
                {
                    throw Error(entry.Key, $"{what} has the key '{key}' twice.");
                }
            }

            return result;
        }

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode s when IsNull(s) => "an empty value",
            YamlScalarNode s => $"'{Shorten(s.Value ?? string.Empty)}'",
            _ => "an alias",
        };

        private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
    }
}
