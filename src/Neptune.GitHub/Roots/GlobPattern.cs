namespace Neptune.GitHub.Roots;

/// <summary>
/// A glob over repository-relative paths (segments separated by <c>/</c>). Matching is
/// case-sensitive, like git paths, and always covers the whole path. Syntax:
/// <list type="bullet">
/// <item><description><c>**</c> as a whole segment matches zero or more whole segments (so <c>**/*.tf</c> matches
/// <c>main.tf</c> and <c>a/b/main.tf</c>). Anywhere else, <c>**</c> behaves like <c>*</c>.</description></item>
/// <item><description><c>*</c> matches any run of characters, possibly empty, inside one segment (never <c>/</c>); it also
/// matches names starting with <c>.</c>.</description></item>
/// <item><description><c>?</c> matches exactly one character other than <c>/</c>.</description></item>
/// <item><description><c>[abc]</c>, <c>[a-z]</c> match one character of the set; <c>[!abc]</c> or <c>[^abc]</c> one character
/// outside it. An unclosed <c>[</c> is an error.</description></item>
/// <item><description>Every other character matches itself; there is no escape character.</description></item>
/// </list>
/// The pattern text must already be a normalized repository-relative path (no <c>.</c>, <c>..</c> or empty segments).
/// </summary>
public sealed class GlobPattern
{
    private readonly Segment[] _segments;

    private GlobPattern(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The pattern as parsed.</summary>
    public string Text { get; }

    /// <summary>Parses a pattern.</summary>
    /// <exception cref="ArgumentException">The pattern is empty or has an unclosed or empty <c>[</c> set.</exception>
    public static GlobPattern Parse(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var segments = pattern.Split('/').Select(s => Segment.Parse(s, pattern)).ToArray();
        return new GlobPattern(pattern, segments);
    }

    /// <summary>Whether the whole of <paramref name="path"/> (a normalized repository-relative path) matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Match(path.Split('/'), path.Split('/').Length);
    }

    /// <summary>
    /// Whether <paramref name="path"/> or one of its ancestor directories matches: a pattern that names a
    /// directory (e.g. <c>modules</c> or <c>modules/*</c>) covers every file below it, as in atlantis.yaml.
    /// </summary>
    public bool IsMatchOrAncestor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/');
        for (var length = parts.Length; length >= 1; length--)
        {
            if (Match(parts, length))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Matches the first <paramref name="count"/> parts: dynamic programming over (segment, part).</summary>
    private bool Match(string[] parts, int count)
    {
        var n = _segments.Length;

        // next[j]: segments i+1.. match parts j..count; start from "no segments left".
        var next = new bool[count + 1];
        next[count] = true;
        for (var i = n - 1; i >= 0; i--)
        {
            var current = new bool[count + 1];
            var segment = _segments[i];
            for (var j = count; j >= 0; j--)
            {
                current[j] = segment.IsDoubleStar
                    ? next[j] || (j < count && current[j + 1])
                    : j < count && next[j + 1] && segment.IsMatch(parts[j]);
            }

            next = current;
        }

        return next[0];
    }

    /// <summary>One segment of the pattern, as a list of single-character tokens.</summary>
    private sealed class Segment
    {
        private readonly Token[] _tokens;

        private Segment(Token[] tokens, bool isDoubleStar)
        {
            _tokens = tokens;
            IsDoubleStar = isDoubleStar;
        }

        public bool IsDoubleStar { get; }

        public static Segment Parse(string text, string pattern)
        {
            if (text == "**")
            {
                return new Segment([], true);
            }

            var tokens = new List<Token>();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                switch (c)
                {
                    case '*':
                        if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star)
                        {
                            tokens.Add(new Token(TokenKind.Star, default, null, false));
                        }

                        break;
                    case '?':
                        tokens.Add(new Token(TokenKind.Any, default, null, false));
                        break;
                    case '[':
                        i = ParseSet(text, i, pattern, tokens);
                        break;
                    default:
                        tokens.Add(new Token(TokenKind.Literal, c, null, false));
                        break;
                }
            }

            return new Segment([.. tokens], false);
        }

        public bool IsMatch(string part)
        {
            // Classic wildcard matching with a single backtracking point for the last '*'.
            int t = 0, p = 0, starToken = -1, starPart = 0;
            while (p < part.Length)
            {
                if (t < _tokens.Length && _tokens[t].Kind == TokenKind.Star)
                {
                    starToken = t++;
                    starPart = p;
                }
                else if (t < _tokens.Length && _tokens[t].Accepts(part[p]))
                {
                    t++;
                    p++;
                }
                else if (starToken >= 0)
                {
                    t = starToken + 1;
                    p = ++starPart;
                }
                else
                {
                    return false;
                }
            }

            while (t < _tokens.Length && _tokens[t].Kind == TokenKind.Star)
            {
                t++;
            }

            return t == _tokens.Length;
        }

        private static int ParseSet(string text, int open, string pattern, List<Token> tokens)
        {
            var i = open + 1;
            var negated = i < text.Length && text[i] is '!' or '^';
            if (negated)
            {
                i++;
            }

            var ranges = new List<(char From, char To)>();
            var first = true;
            while (i < text.Length && (text[i] != ']' || first))
            {
                var from = text[i];
                if (i + 2 < text.Length && text[i + 1] == '-' && text[i + 2] != ']')
                {
                    var to = text[i + 2];
                    if (to < from)
                    {
                        throw new ArgumentException($"pattern '{pattern}' has the reversed range '{from}-{to}' in a '[...]' set.");
                    }

                    ranges.Add((from, to));
                    i += 3;
                }
                else
                {
                    ranges.Add((from, from));
                    i++;
                }

                first = false;
            }

            if (i >= text.Length)
            {
                throw new ArgumentException($"pattern '{pattern}' has a '[' without a closing ']'.");
            }

            tokens.Add(new Token(TokenKind.Set, default, [.. ranges], negated));
            return i;
        }
    }

    private enum TokenKind
    {
        Literal,
        Any,
        Star,
        Set,
    }

    private readonly record struct Token(TokenKind Kind, char Literal, (char From, char To)[]? Ranges, bool Negated)
    {
        public bool Accepts(char c) => Kind switch
        {
            TokenKind.Literal => c == Literal,
            TokenKind.Any => true,
            TokenKind.Set => Ranges!.Any(r => c >= r.From && c <= r.To) != Negated,
            _ => false,
        };
    }
}
