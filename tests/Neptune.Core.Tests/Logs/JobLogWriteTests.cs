using Neptune.Logs;
using static Neptune.Tests.Logs.LogTestKit;

namespace Neptune.Tests.Logs;

public class JobLogWriteTests
{
    [Fact]
    public void Keeps_written_lines_in_order_and_Lines_is_a_snapshot()
    {
        var log = new JobLog(JobId);
        log.WriteAll(["Initializing the backend...", "", "Plan: 1 to add"]);

        var snapshot = log.Lines();
        log.WriteLine("Apply complete!");

        Assert.Equal(JobId, log.JobId);
        Assert.Equal(["Initializing the backend...", "", "Plan: 1 to add"], snapshot);
        Assert.Equal(["Initializing the backend...", "", "Plan: 1 to add", "Apply complete!"], log.Lines());
        Assert.Equal(4, log.LineCount);
        Assert.False(log.IsCompleted);
    }

    [Fact]
    public async Task Lines_from_two_writer_threads_are_all_kept_each_in_its_own_order()
    {
        var log = new JobLog(JobId);
        using var start = new Barrier(2);
        var stdout = Task.Run(() => { start.SignalAndWait(); log.WriteAll(Numbered(0, 50_000).Select(l => "out " + l)); });
        var stderr = Task.Run(() => { start.SignalAndWait(); log.WriteAll(Numbered(0, 50_000).Select(l => "err " + l)); });
        await Task.WhenAll(stdout, stderr);

        var lines = log.Lines();
        Assert.Equal(100_000, log.LineCount);
        Assert.Equal(Numbered(0, 50_000).Select(l => "out " + l), lines.Where(l => l.StartsWith("out ", StringComparison.Ordinal)));
        Assert.Equal(Numbered(0, 50_000).Select(l => "err " + l), lines.Where(l => l.StartsWith("err ", StringComparison.Ordinal)));
    }

    [Fact]
    public void WriteLine_after_Complete_throws_even_for_a_line_redaction_would_drop()
    {
        var options = new JobLogOptions { RedactionPatterns = { "secret" } };
        var log = new JobLog(JobId, options);
        log.WriteLine("before");
        log.Complete();
        log.Complete(); // idempotent

        Assert.True(log.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => log.WriteLine("after"));
        Assert.Throws<InvalidOperationException>(() => log.WriteLine("a secret after"));
        Assert.Equal(["before"], log.Lines());
    }

    [Fact]
    public void A_null_line_is_refused()
    {
        var log = new JobLog(JobId);

        Assert.Throws<ArgumentNullException>(() => log.WriteLine(null!));
        Assert.Equal(0, log.LineCount);
    }

    [Fact]
    public void Redaction_drops_every_line_matching_any_pattern()
    {
        var options = new JobLogOptions { RedactionPatterns = { "(?i)password", @"^export AWS_SECRET_ACCESS_KEY=" } };
        var log = new JobLog(JobId, options);

        log.WriteAll(["db_password = hunter2", "DB_PASSWORD=x", "export AWS_SECRET_ACCESS_KEY=abc", "  export AWS_SECRET_ACCESS_KEY=abc", "Plan: 0 to add"]);

        Assert.Equal(["  export AWS_SECRET_ACCESS_KEY=abc", "Plan: 0 to add"], log.Lines());
        Assert.Equal(2, log.LineCount);
    }

    [Fact]
    public void An_invalid_pattern_is_an_ArgumentException_that_names_it()
    {
        var options = new JobLogOptions { RedactionPatterns = { "fine", "token=([a-z" } };

        var e = Assert.Throws<ArgumentException>(() => new JobLog(JobId, options));

        Assert.Contains("token=([a-z", e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void A_null_pattern_is_an_ArgumentException()
    {
        var options = new JobLogOptions { RedactionPatterns = { null! } };

        var e = Assert.Throws<ArgumentException>(() => new JobLog(JobId, options));

        Assert.Equal("options", e.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_reader_buffer_below_one_line_is_refused(int lines)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobLog(JobId, new JobLogOptions { ReaderBufferLines = lines }));
    }

    [Fact]
    public void Options_have_sensible_defaults_and_are_read_once()
    {
        var options = new JobLogOptions();
        Assert.Empty(options.RedactionPatterns);
        Assert.Equal(10_000, options.ReaderBufferLines);

        var log = new JobLog(JobId, options);
        options.RedactionPatterns.Add("added later");
        log.WriteLine("added later");

        Assert.Equal(["added later"], log.Lines());
    }

    [Fact]
    public void The_fell_behind_notice_names_the_limit()
    {
        var notice = JobLog.FormatFellBehindNotice(10_000);

        Assert.Equal("[neptune] this viewer fell more than 10,000 lines behind the job and was stopped; reload to read the full log", notice);
    }
}
