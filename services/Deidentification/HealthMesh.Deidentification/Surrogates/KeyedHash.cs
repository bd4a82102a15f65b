using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace HealthMesh.Deidentification.Surrogates;

/// <summary>
/// HMAC-SHA256 under the service key. Every surrogate and pseudonym derives from it, so the same input and key always
/// give the same output (redelivered messages rewrite identical documents) while nobody without the key can link back.
/// </summary>
public sealed class KeyedHash
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private readonly byte[] key;

    // Keyed HMAC instances for reuse: the one-shot HMACSHA256.HashData sets the key up on every call, which made
    // hashing most of the free-text scrubber's time. A bag, not a field, since one KeyedHash serves many threads.
    private readonly ConcurrentBag<IncrementalHash> instances = [];

    public KeyedHash(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The HMAC key must be at least 32 bytes.", nameof(key));
        }

        this.key = key.ToArray();
    }

    /// <param name="domain">Separates uses (ids, names, dates) so one value never yields the same hash in two roles.</param>
    public byte[] Compute(string domain, string value)
    {
        if (!instances.TryTake(out var hmac))
        {
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        }

        try
        {
            hmac.AppendData(Encoding.UTF8.GetBytes(string.Concat(domain, "\u001f", value)));
            return hmac.GetHashAndReset();
        }
        finally
        {
            instances.Add(hmac);
        }
    }

    /// <summary>Lower-case base32 of the hash, cut to <paramref name="length"/> characters (valid as a FHIR id).</summary>
    public string Token(string domain, string value, int length)
    {
        var hash = Compute(domain, value);
        var builder = new StringBuilder(length);
        var buffer = 0;
        var bits = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && builder.Length < length)
            {
                builder.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return builder.ToString();
    }

    /// <summary>A number from the hash; <paramref name="attempt"/> draws the next one when a choice collides.</summary>
    public uint Number(string domain, string value, int attempt = 0) => Number(Compute(domain, value), attempt);

    /// <summary>
    /// The number <see cref="Number(string, string, int)"/> gives for the hash <paramref name="digest"/> of
    /// <see cref="Compute"/>: a caller drawing many attempts for one value computes the HMAC once.
    /// </summary>
    public static uint Number(byte[] digest, int attempt) =>
        BinaryPrimitives.ReadUInt32BigEndian(digest.AsSpan((attempt % 8) * 4, 4)) ^ (uint)(attempt / 8);
}
