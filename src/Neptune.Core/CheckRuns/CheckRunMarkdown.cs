using System.Text;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.CheckRuns;

/// <summary>Renders the markdown summary of a check run (spec §6).</summary>
public static class CheckRunMarkdown
{
    /// <summary>The summary: required action, job table with log links, plan summary, queue, and what to do next.</summary>
    public static string Render(CheckRunView view, NeptuneLinks links)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(links);
        var md = new StringBuilder(512);

        if (view.RequiredAction is { } action)
        {
            md.Append("**Action required:** ").Append(action).Append('\n');
            if (view.Reason is { } reason)
            {
                md.Append('\n').Append("**Reason:** ").Append(reason).Append('\n');
            }

            md.Append('\n');
        }

        if (view.Explanation is { } explanation)
        {
            md.Append("**What happened:** ").Append(explanation).Append("\n\n");
        }

        if (view.Plan is { } plan && view.Apply is { } apply)
        {
            md.Append("| Job | Status | Log |\n|---|---|---|\n");
            AppendJob(md, "Plan", plan, links);
            AppendJob(md, "Apply", apply, links);
            md.Append('\n');
        }

        if (view.PlanReading is { } reading)
        {
            md.Append(reading.IsReadable
                ? $"**{reading.Summary.Text}**\n\n"
                : $"**Plan:** could not be read: {reading.Error}\n\n");
        }

        if (view.Ahead is { } ahead)
        {
            if (ahead.Count == 0)
            {
                md.Append("No other runs ahead in queue.\n");
            }
            else
            {
                md.Append("Runs in queue:\n");
                for (var i = 0; i < ahead.Count; i++)
                {
                    var run = ahead[i];
                    md.Append(i + 1).Append(". ");
                    var label = $"{Revision.Short(run.Revision)} ({(run.Trigger == Trigger.Manual ? "manual" : "merge")})";
                    if (run.CheckRunId is { } id)
                    {
                        md.Append('[').Append(label).Append("](").Append(links.CheckRun(view.Target.Repo, id)).Append(')');
                    }
                    else
                    {
                        md.Append(label);
                    }

                    md.Append('\n');
                }
            }
        }

        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static void AppendJob(StringBuilder md, string name, JobSnapshot job, NeptuneLinks links)
    {
        md.Append("| ").Append(name).Append(" | ").Append(StatusText(job.Status)).Append(" | ");
        if (job.Status is JobStatus.Waiting or JobStatus.Rejected)
        {
            md.Append('–');
        }
        else
        {
            md.Append("[live log](").Append(links.JobLog(job.JobId)).Append(')');
        }

        md.Append(" |\n");
    }

    private static string StatusText(JobStatus status) => status switch
    {
        JobStatus.Waiting => "⏳ waiting",
        JobStatus.InProgress => "🔄 in progress",
        JobStatus.Success => "✅ success",
        JobStatus.Failed => "❌ failed",
        JobStatus.Rejected => "⛔ not applied",
        _ => status.ToString(),
    };
}
