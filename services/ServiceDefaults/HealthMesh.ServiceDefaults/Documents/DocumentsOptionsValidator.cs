using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Documents;

public sealed class DocumentsOptionsValidator : IValidateOptions<DocumentsOptions>
{
    public ValidateOptionsResult Validate(string? name, DocumentsOptions options)
    {
        var failures = new List<string>();
        if (!options.EncryptionKeys.ContainsKey(options.ActiveKeyId))
        {
            failures.Add($"HealthMesh:Documents:ActiveKeyId '{options.ActiveKeyId}' is not one of the configured EncryptionKeys.");
        }

        foreach (var (id, value) in options.EncryptionKeys)
        {
            if (!TryDecode(value, out var key) || key.Length != 32)
            {
                failures.Add($"HealthMesh:Documents:EncryptionKeys:{id} must be base64 of exactly 32 bytes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool TryDecode(string value, out byte[] key)
    {
        key = new byte[64];
        if (Convert.TryFromBase64String(value, key, out var written))
        {
            key = key[..written];
            return true;
        }

        return false;
    }
}
