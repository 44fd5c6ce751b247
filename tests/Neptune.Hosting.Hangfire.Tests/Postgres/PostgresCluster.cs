using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Neptune.Hosting.Hangfire.Tests.Postgres;

/// <summary>
/// A private PostgreSQL cluster under a temp folder, started from Debian's PostgreSQL 15 binaries (about a second) and
/// removed afterwards. Missing binaries fail loudly with how to install them — nothing is skipped silently.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string InstallHint = "PostgreSQL 15 server binaries (initdb, pg_ctl) are needed by the Hangfire host tests. Install them with `apt-get install -y postgresql-15` (Debian; ./test.sh does this through tests/tools/setup.sh), or put initdb and pg_ctl on PATH.";
    private static readonly string[] BinDirs = ["/usr/lib/postgresql/15/bin"];
    private string dir = string.Empty;
    private string binDir = string.Empty;
    private int databases;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        binDir = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
        dir = Directory.CreateTempSubdirectory("neptune-pg-").FullName;
        var data = Path.Combine(dir, "data");
        Port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user, in a folder it can write.
            Run("chown", "-R", "postgres:postgres", dir);
            Run("chmod", "755", dir);
        }

        Postgres(asRoot, Path.Combine(binDir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        Postgres(asRoot, Path.Combine(binDir, "pg_ctl"), "-D", data, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={dir} -c fsync=off -c max_connections=300", "start");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
    }

    public Task DisposeAsync()
    {
        if (binDir.Length > 0 && Directory.Exists(Path.Combine(dir, "data")))
        {
            try
            {
                Postgres(Environment.UserName == "root", Path.Combine(binDir, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            Directory.Delete(dir, recursive: true);
        }

        return Task.CompletedTask;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Include Error Detail=true";

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"neptune_{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..30];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static string? FindBinaries()
    {
        foreach (var candidate in BinDirs)
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")))
            {
                return candidate;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .FirstOrDefault(p => p.Length > 0 && File.Exists(Path.Combine(p, "initdb")) && File.Exists(Path.Combine(p, "pg_ctl")));
    }

    private static void Postgres(bool asRoot, string program, params string[] arguments)
    {
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        }
        else
        {
            Run(program, arguments);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {p.ExitCode}: {error} {output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One cluster for every test class that needs PostgreSQL; each test takes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
