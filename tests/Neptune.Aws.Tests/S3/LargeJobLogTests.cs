using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Neptune.Aws.S3;
using Xunit.Abstractions;

namespace Neptune.Aws.Tests.S3;

/// <summary>Runs alone (no other test allocating meanwhile), so the process's allocations measure the save.</summary>
[CollectionDefinition(nameof(LargeJobLogTests), DisableParallelization = true)]
public sealed class LargeJobLogCollection;

/// <summary>A 50 MB job log through the S3 job log store and back, against s3rver.</summary>
[Collection(nameof(LargeJobLogTests))]
public sealed class LargeJobLogTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly S3Server server = new();

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task A_50_MB_log_is_streamed_to_S3_and_back_without_being_held_in_memory()
    {
        const long size = 50L * 1024 * 1024;
        var logs = new S3JobLogStore(server.Client(server.Options("neptune")), Options.Create(server.Options("neptune")));
        var job = Guid.NewGuid();
        await using var generated = new GeneratedLog(size);
        var totalBefore = GC.GetTotalAllocatedBytes(precise: true);

        await logs.SaveAsync(job, generated, CancellationToken.None);

        var savedAllocations = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;
        var expectedHash = generated.Sha256();
        await using var stored = await logs.OpenAsync(job, CancellationToken.None);
        using var readHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long read = 0;
        int n;
        while ((n = await stored!.ReadAsync(buffer)) > 0)
        {
            readHash.AppendData(buffer, 0, n);
            read += n;
        }

        Assert.Equal(size, read);
        Assert.Equal(expectedHash, Convert.ToHexStringLower(readHash.GetHashAndReset()));

        // Allocations of the whole process while saving (this test runs alone) stay well under the log's size:
        // the log went through a spool file and fixed buffers, never into one array.
        output.WriteLine($"Saving a {size / (1024 * 1024)} MB log allocated {savedAllocations / (1024 * 1024)} MB in the whole process.");
        Assert.True(savedAllocations < size / 2, $"Saving allocated {savedAllocations / (1024 * 1024)} MB for a {size / (1024 * 1024)} MB log.");
    }
}
