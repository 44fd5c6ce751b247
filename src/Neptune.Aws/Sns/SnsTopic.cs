namespace Neptune.Aws.Sns;

/// <summary>The parts of an SNS topic ARN (<c>arn:&lt;partition&gt;:sns:&lt;region&gt;:&lt;account&gt;:&lt;name&gt;</c>) publishing needs.</summary>
/// <param name="Arn">The whole ARN.</param>
/// <param name="Partition">For example <c>aws</c> or <c>aws-cn</c>.</param>
/// <param name="Region">For example <c>us-east-1</c>.</param>
/// <param name="Name">The topic name; FIFO topics end in <c>.fifo</c>.</param>
internal sealed record SnsTopic(string Arn, string Partition, string Region, string Name)
{
    /// <summary>Whether SNS orders and deduplicates this topic's messages (it then needs a group and a deduplication id).</summary>
    public bool IsFifo => Name.EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>The public endpoint of the topic's region.</summary>
    public Uri DefaultEndpoint(string region) =>
        new(Partition == "aws-cn" ? $"https://sns.{region}.amazonaws.com.cn/" : $"https://sns.{region}.amazonaws.com/");

    /// <summary>Reads an ARN, or returns <see langword="null"/> when it is not an SNS topic ARN.</summary>
    public static SnsTopic? TryParse(string? arn)
    {
        var parts = arn?.Split(':');
        if (parts is not { Length: 6 } || parts[0] != "arn" || parts[2] != "sns"
            || parts[1].Length == 0 || parts[3].Length == 0 || parts[4].Length != 12 || !parts[4].All(char.IsAsciiDigit) || parts[5].Length == 0)
        {
            return null;
        }

        return new SnsTopic(arn!, parts[1], parts[3], parts[5]);
    }
}
