using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// AES-256-GCM under the vault key ring, with the workflow id as associated data: a sealed vault copied to another
/// workflow's row fails authentication instead of re-identifying the wrong note. Layout: nonce (12) | tag (16) | ciphertext.
/// </summary>
internal sealed class VaultEncryption(IOptions<VaultOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string ActiveKeyId => options.Value.ActiveKeyId;

    public byte[] Seal(Guid workflowId, ReadOnlySpan<byte> plaintext)
    {
        var sealedBox = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(ActiveKeyId), TagSize);
        aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), AssociatedData(workflowId));
        return sealedBox;
    }

    /// <exception cref="CryptographicException">The content was not sealed for this workflow under this key, or was altered.</exception>
    public byte[] Open(Guid workflowId, string keyId, ReadOnlySpan<byte> sealedBox)
    {
        if (sealedBox.Length < NonceSize + TagSize)
        {
            throw new CryptographicException($"The sealed vault of workflow {workflowId} is truncated.");
        }

        var plaintext = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(Key(keyId), TagSize);
        aes.Decrypt(sealedBox[..NonceSize], sealedBox[(NonceSize + TagSize)..], sealedBox.Slice(NonceSize, TagSize), plaintext, AssociatedData(workflowId));
        return plaintext;
    }

    private static byte[] AssociatedData(Guid workflowId) => Encoding.UTF8.GetBytes($"healthmesh:reidentification-vault:{workflowId:N}");

    private byte[] Key(string keyId) => options.Value.Keys.TryGetValue(keyId, out var key)
        ? Convert.FromBase64String(key)
        : throw new InvalidOperationException(
            $"Vault key '{keyId}' is not configured (HealthMesh:Vault:Keys). It is needed to read vaults sealed under it; keep a retired key until the maintenance pass has re-encrypted them.");
}
