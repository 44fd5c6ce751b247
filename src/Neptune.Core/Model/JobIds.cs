namespace Neptune.Model;

/// <summary>
/// Job ids are derived from the deployment id, so every host, on any node and after any restart,
/// names the same job the same way without storing extra state.
/// </summary>
public static class JobIds
{
    /// <summary>Derives the id of job number <paramref name="ordinal"/> of a deployment.</summary>
    public static Guid Derive(Guid deploymentId, byte ordinal)
    {
        Span<byte> bytes = stackalloc byte[16];
        deploymentId.TryWriteBytes(bytes);
        // Flip the last byte with the ordinal and keep the version/variant bits of a v4 UUID intact.
        bytes[15] ^= (byte)(0x5A + ordinal);
        return new Guid(bytes);
    }
}
