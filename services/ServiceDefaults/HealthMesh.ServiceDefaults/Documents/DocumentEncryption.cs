using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Documents;

/// <summary>AES-256-GCM with the document reference as associated data, so a ciphertext cannot be moved to another slot.</summary>
public sealed class DocumentEncryption(IOptions<DocumentsOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string ActiveKeyId => options.Value.ActiveKeyId;

    public byte[] Encrypt(string reference, ReadOnlySpan<byte> plaintext)
    {
        var sealedBox = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(ActiveKeyId), TagSize);
        aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(reference));
        return sealedBox;
    }

    public byte[] Decrypt(string reference, string keyId, ReadOnlySpan<byte> sealedBox)
    {
        var plaintext = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(Key(keyId), TagSize);
        aes.Decrypt(sealedBox[..NonceSize], sealedBox[(NonceSize + TagSize)..], sealedBox.Slice(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(reference));
        return plaintext;
    }

    private byte[] Key(string keyId) => options.Value.EncryptionKeys.TryGetValue(keyId, out var key)
        ? Convert.FromBase64String(key)
        : throw new InvalidOperationException($"Document key '{keyId}' is not configured (HealthMesh:Documents:EncryptionKeys). It is needed to read documents written under it.");
}
