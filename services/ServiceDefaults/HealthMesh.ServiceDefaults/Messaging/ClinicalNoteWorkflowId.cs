using System.Security.Cryptography;
using System.Text;

namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>
/// A note workflow's id is a name-based UUID (RFC 9562 version 5) of source system, resource type, id and version,
/// so a duplicated or replayed event correlates to the saga it started the first time.
/// </summary>
public static class ClinicalNoteWorkflowId
{
    private static readonly Guid Namespace = new("6f1c1a5e-8c1b-4f3e-9a57-2b8d8e0c4a11");

    public static Guid From(string sourceSystem, string resourceType, string resourceId, string resourceVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSystem);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceType);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceVersion);

        var name = string.Join('\n', sourceSystem.TrimEnd('/').ToLowerInvariant(), resourceType, resourceId, resourceVersion);
        Span<byte> namespaceBytes = stackalloc byte[16];
        Namespace.TryWriteBytes(namespaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);

        var input = new byte[16 + nameBytes.Length];
        namespaceBytes.CopyTo(input);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);

        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
