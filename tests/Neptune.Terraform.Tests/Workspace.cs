using System.Security.Cryptography;

namespace Neptune.Terraform.Tests;

/// <summary>A temporary terraform root for one test, deleted afterwards.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace(string? rootName = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "neptune-tf-" + Guid.NewGuid().ToString("N")[..12]);
        Directory = Path.Combine(Root, rootName ?? "root");
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "main.tf"), "resource \"null_resource\" \"new_1\" {}\n");
    }

    /// <summary>The temporary directory holding everything of this test.</summary>
    public string Root { get; }

    /// <summary>The terraform root: terraform's working directory.</summary>
    public string Directory { get; }

    /// <summary>The stand-in's default apply record.</summary>
    public string ApplyLogPath => Path.Combine(Directory, ".standin-applies.log");

    public Workspace Configure(string standinJson)
    {
        File.WriteAllText(Path.Combine(Directory, ".standin.json"), standinJson);
        return this;
    }

    public string[] Applies() => File.Exists(ApplyLogPath) ? File.ReadAllLines(ApplyLogPath) : [];

    public static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>The stand-in's pid and its sleeping child's pid, written when it starts sleeping.</summary>
    public int[] SleepPids() => File.ReadAllText(Path.Combine(Directory, ".standin-sleep.pid"))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(int.Parse)
        .ToArray();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir must not fail a test.
        }
    }
}
