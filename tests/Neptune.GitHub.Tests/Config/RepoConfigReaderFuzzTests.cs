using System.Text;
using CsCheck;
using Neptune.GitHub.Config;
using Xunit.Abstractions;

namespace Neptune.GitHub.Tests.Config;

/// <summary>
/// Property: whatever text a repository's config file holds, <see cref="RepoConfigReader.Read"/> returns a config or
/// throws a <see cref="RepoConfigException"/> naming the file, a line and a reason — never another exception, never a
/// hang. Inputs: random YAML structures over the schema's keys, mutated real config files, anchors and aliases, deep
/// nesting, huge documents and text decoded from invalid UTF-8. Fixed seeds and counts; see <see cref="Fuzz"/>.
/// </summary>
public sealed class RepoConfigReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Keys =
    [
        "version", "projects", "name", "dir", "when_modified", "autoplan", "enabled", "terraform_version", "workflow", "tags",
        "workspace", "automerge", "workflows", "branch", "environment", "project", "x", "", "Version", "name ",
    ];

    private static readonly string[] Scalars =
    [
        "3", "2", "-1", "+3", "03", "99999999999999999999", "0x3", "3.0", "1e3", "true", "false", "yes", "null", "~", "Null", "",
        "prod", "envs/prod", ".", "./", "..", "../x", "/abs", "a//b", "a/./b", "*.tf", "**/*.tf", "!*.md", "!", "[", "]", "{", "}",
        "a: b", "- x", "default", "other", "é∂漢", "\u200b", "\t", "#c", "&a", "*a", "!!str 3", "!!int x", "!tag v", "|", ">",
        "%YAML 1.2", "---", "...", "C:\\x", "a\\b", "\u0000", "\u0007", "\uD800", "\uFFFE", "' '", "\"\\x\"", "\"\\u12\"",
        new string('a', 300), new string('/', 50), "@x", "`x", "?", ":",
    ];

    private static readonly string[] Valid = [Fixtures.NeptuneFull, Fixtures.AtlantisFull];

    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Int[0, int.MaxValue].Select(seed => Structure(new Random(seed)))),
        (6, Gen.Int[0, int.MaxValue].Select(seed => Mutate(new Random(seed)))),
        (2, Gen.Int[0, int.MaxValue].Select(seed => Aliases(new Random(seed)))),
        (2, Gen.Int[0, int.MaxValue].Select(seed => Nested(new Random(seed)))),
        (2, Gen.Byte.Array[0, 400].Select(bytes => Encoding.UTF8.GetString(bytes))),
        (1, Gen.String));

    [Fact]
    public void Any_text_reads_as_a_config_or_a_RepoConfigException_with_file_line_and_reason()
    {
        var (count, elapsed) = Fuzz.Check(
            Gen.Select(Text, Gen.Bool), 2_000, 20261202, x => ReadsOrExplains(x.Item1, x.Item2 ? "neptune.yaml" : "atlantis.yaml", TimeSpan.FromSeconds(10)), Describe);
        output.WriteLine($"{count} inputs in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Huge_documents_read_in_bounded_time()
    {
        // Up to about 1 MB, the largest file GitHub's contents API serves (GitHubRepositoryReader refuses bigger ones).
        var huge = Gen.Int[1_000, 14_000].Select(Gen.Int[0, int.MaxValue], (projects, seed) => Huge(new Random(seed), projects));
        var (count, elapsed) = Fuzz.Check(huge, 3, 7, text => ReadsOrExplains(text, "neptune.yaml", TimeSpan.FromSeconds(60)), Describe);
        output.WriteLine($"{count} inputs in {elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The property: a config, or a RepoConfigException naming the file, a line ≥ 1 and a reason, within <paramref name="bound"/>.</summary>
    private static void ReadsOrExplains(string text, string fileName, TimeSpan bound)
    {
        // On a thread of its own with a large stack: a deep document must fail with an explanation, and a
        // stack overflow would end the whole test run rather than fail this input (it is caught by the bound below
        // only if it does not happen).
        Exception? error = null;
        var reader = new Thread(() =>
        {
            try
            {
                RepoConfigReader.Read(text, fileName);
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        reader.Start();
        if (!reader.Join(bound))
        {
            throw new TimeoutException($"Reading took longer than {bound.TotalSeconds} s.");
        }

        switch (error)
        {
            case null:
                return;
            case RepoConfigException e:
                Assert.Equal(fileName, e.FileName);
                Assert.True(e.Line >= 1, $"No line in: {e.Message}");
                Assert.False(string.IsNullOrWhiteSpace(e.Reason));
                Assert.Contains(fileName, e.Message, StringComparison.Ordinal);
                return;
            default:
                throw new Xunit.Sdk.XunitException($"{error.GetType().FullName} escaped: {error}");
        }
    }

    private static string Describe(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";

    private static string Describe((string Text, bool Neptune) x) => (x.Neptune ? "neptune.yaml " : "atlantis.yaml ") + Describe(x.Text);

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string Scalar(Random r) => r.Next(4) switch
    {
        0 => "'" + Pick(r, Scalars).Replace("'", "''", StringComparison.Ordinal) + "'",
        1 => "\"" + Pick(r, Scalars).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        _ => Pick(r, Scalars),
    };

    /// <summary>A random block or flow YAML tree over the schema's keys; usually a top mapping with version and projects.</summary>
    private static string Structure(Random r)
    {
        var s = new StringBuilder();
        if (r.Next(3) > 0)
        {
            s.Append("version: ").Append(r.Next(4) > 0 ? "3" : Scalar(r)).Append('\n');
            s.Append("projects:");
            Node(r, s, 0, 3, inSequence: true);
        }
        else
        {
            Node(r, s, 0, 4, inSequence: false);
        }

        return s.ToString();
    }

    private static void Node(Random r, StringBuilder s, int indent, int depth, bool inSequence)
    {
        var pad = new string(' ', indent);
        switch (depth <= 0 ? 0 : inSequence ? 1 + r.Next(3) : r.Next(4))
        {
            case 0:
                s.Append(' ').Append(Scalar(r)).Append('\n');
                break;
            case 1:
                s.Append('\n');
                for (int i = 0, n = r.Next(4); i < n; i++)
                {
                    s.Append(pad).Append("- ");
                    if (r.Next(2) == 0)
                    {
                        Map(r, s, indent + 2, depth - 1, firstInline: true);
                    }
                    else
                    {
                        s.Append(Scalar(r)).Append('\n');
                    }
                }

                break;
            case 2:
                s.Append('\n');
                Map(r, s, indent + 2, depth - 1, firstInline: false);
                break;
            default:
                s.Append(" [").Append(string.Join(", ", Enumerable.Range(0, r.Next(4)).Select(_ => r.Next(3) == 0 ? $"{{{Pick(r, Keys)}: {Scalar(r)}}}" : Scalar(r)))).Append("]\n");
                break;
        }
    }

    private static void Map(Random r, StringBuilder s, int indent, int depth, bool firstInline)
    {
        var pad = new string(' ', indent);
        for (int i = 0, n = 1 + r.Next(5); i < n; i++)
        {
            if (i > 0 || !firstInline)
            {
                s.Append(pad);
            }

            s.Append(r.Next(8) == 0 ? Scalar(r) : Pick(r, Keys)).Append(':');
            Node(r, s, indent + 2, depth, inSequence: false);
        }
    }

    /// <summary>A real config with one to five edits: characters YAML cares about, deleted spans, moved or re-indented lines, a cut.</summary>
    private static string Mutate(Random r)
    {
        var text = new StringBuilder(Pick(r, Valid));
        const string Special = ":-[]{}&*!|>'\"%@`#,?\t\n \\";
        for (int i = 0, n = 1 + r.Next(5); i < n && text.Length > 0; i++)
        {
            var at = r.Next(text.Length);
            switch (r.Next(7))
            {
                case 0:
                    text.Insert(at, Special[r.Next(Special.Length)]);
                    break;
                case 1:
                    text.Remove(at, Math.Min(text.Length - at, 1 + r.Next(20)));
                    break;
                case 2:
                    text[at] = Special[r.Next(Special.Length)];
                    break;
                case 3:
                    text.Length = at;
                    break;
                case 4:
                    text.Insert(at, Pick(r, Scalars));
                    break;
                default:
                    var lines = text.ToString().Split('\n').ToList();
                    var line = r.Next(lines.Count);
                    if (r.Next(2) == 0)
                    {
                        lines.Insert(r.Next(lines.Count), lines[line]); // duplicated (a key twice, a project twice)
                    }
                    else
                    {
                        lines[line] = new string(' ', r.Next(9)) + lines[line].TrimStart(); // re-indented
                    }

                    text.Clear().Append(string.Join('\n', lines));
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Anchors and aliases: shared projects, aliases as keys, undefined and self-referencing aliases, an alias bomb.</summary>
    private static string Aliases(Random r) => r.Next(7) switch
    {
        0 => "version: 3\nprojects:\n  - &p {name: a, dir: a}\n  - *p\n",
        1 => "version: &v 3\nprojects:\n  - name: *v\n    dir: x\n",
        2 => "version: 3\nprojects: &l\n  - name: a\n    dir: *l\n",
        3 => "version: 3\nprojects: *nope\n",
        4 => "version: 3\n*k : 1\nprojects: []\n",
        5 => "version: 3\nprojects: &x [*x]\n",
        _ => "version: 3\nx0: &a0 [" + new string('y', r.Next(1, 10)) + "]\n" +
             string.Concat(Enumerable.Range(1, 1 + r.Next(12)).Select(i => $"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n")) +
             "projects:\n  - name: bomb\n    dir: .\n    when_modified: *a" + r.Next(1, 3) + "\n",
    };

    /// <summary>Deep nesting: flow lists, flow mappings or block lists, from dozens to tens of thousands of levels.</summary>
    private static string Nested(Random r)
    {
        var depth = r.Next(4) == 0 ? r.Next(1_000, 50_000) : r.Next(10, 1_000);
        return r.Next(3) switch
        {
            0 => "version: 3\nprojects: " + new string('[', depth) + new string(']', r.Next(2) == 0 ? depth : r.Next(depth)),
            1 => "version: 3\nprojects:\n  - name: a\n    dir: a\n    tags: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "b" + new string('}', depth),
            _ => "version: 3\nprojects:\n" + string.Concat(Enumerable.Range(0, Math.Min(depth, 300)).Select(i => new string(' ', 2 * i) + "-\n")),
        };
    }

    private static string Huge(Random r, int projects)
    {
        var s = new StringBuilder("version: 3\nprojects:\n");
        for (var i = 0; i < projects; i++)
        {
            s.Append("  - name: p").Append(i).Append("\n    dir: envs/").Append(i).Append("\n    when_modified: [\"*.tf\", \"../m/**\"]\n");
            if (r.Next(projects) == 0)
            {
                s.Append("    bad: [\n"); // now and then a broken tail, so the error path runs on a big file too
            }
        }

        return s.ToString();
    }
}
