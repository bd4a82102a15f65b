using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Vault;

public sealed class VaultOptionsValidator : IValidateOptions<VaultOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultOptions options)
    {
        var failures = new List<string>();
        if (options.Keys.Count > 0 && !options.Keys.ContainsKey(options.ActiveKeyId))
        {
            failures.Add($"HealthMesh:Vault:ActiveKeyId '{options.ActiveKeyId}' is not one of the configured HealthMesh:Vault:Keys.");
        }

        foreach (var (id, value) in options.Keys)
        {
            if (!TryDecode(value, out var length) || length != 32)
            {
                failures.Add($"HealthMesh:Vault:Keys:{id} must be base64 of exactly 32 bytes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool TryDecode(string value, out int length)
    {
        Span<byte> key = stackalloc byte[64];
        return Convert.TryFromBase64String(value, key, out length);
    }
}
