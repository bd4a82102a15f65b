using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using HealthMesh.ServiceDefaults.Ehr;

namespace HealthMesh.AllInOne.Hosting;

/// <summary>
/// The embedded mode's keys (document encryption, de-identification HMAC, the re-identification vault's key ring, the
/// sandbox subscription's secret, and the
/// SMART key pair HealthMesh signs its token requests to the sandbox EHR with, and the local operator key the operator
/// commands authenticate with): generated once into
/// <c>&lt;data&gt;/secrets.json</c> (owner-only permissions) so a newcomer's first <c>serve</c> works and later runs can
/// still read what earlier runs encrypted. Production shapes never use this: there the keys come from configuration or a secret store, and a missing key fails start-up.
/// </summary>
public static class LocalSecrets
{
    public const string FileName = "secrets.json";

    public static string EnsureFile(string dataDirectory, out bool created)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        created = !File.Exists(path);
        if (!created)
        {
            AddMissingKeys(path);
            return path;
        }

        var secrets = new JsonObject
        {
            ["HealthMesh"] = new JsonObject
            {
                ["Documents"] = new JsonObject
                {
                    ["ActiveKeyId"] = "local-1",
                    ["EncryptionKeys"] = new JsonObject { ["local-1"] = NewKey() },
                },
                ["Deidentification"] = new JsonObject { ["HmacKey"] = NewKey() },
                ["Vault"] = VaultKey(),
                ["Ehr"] = NewSmartClientKey(out var jwks),
                ["EhrSandbox"] = SandboxRegistration(jwks),
                ["Review"] = OperatorKey(),
                ["Intake"] = new JsonObject
                {
                    ["Subscriptions"] = new JsonObject
                    {
                        [EmbeddedHost.SandboxSubscriptionId] = new JsonObject { ["Secret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)) },
                    },
                },
            },
        };

        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, file))
        {
            JsonSerializer.Serialize(stream, secrets, new JsonSerializerOptions { WriteIndented = true });
        }

        return path;
    }

    /// <summary>Stores an Intake subscription's secret where the embedded host reads it (next start).</summary>
    public static void SetIntakeSubscriptionSecret(string dataDirectory, string subscriptionId, string secret)
    {
        var path = EnsureFile(dataDirectory, out _);
        var secrets = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var intake = (secrets["HealthMesh"]!["Intake"] ??= new JsonObject()).AsObject();
        var subscriptions = (intake["Subscriptions"] ??= new JsonObject()).AsObject();
        subscriptions[subscriptionId] = new JsonObject { ["Secret"] = secret };
        File.WriteAllText(path, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// The local operator key in <paramref name="dataDirectory"/> (what <c>healthmesh serve</c> accepts from the operator
    /// commands), or null when that directory has no secrets file or no key yet.
    /// </summary>
    public static string? ReadOperatorApiKey(string dataDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonNode.Parse(File.ReadAllText(path))?["HealthMesh"]?["Review"]?["Authentication"]?["OperatorApiKey"]?.GetValue<string>();
    }

    /// <summary>Data directories from before SMART, the operator key or the vault key ring get them on the next start.</summary>
    private static void AddMissingKeys(string path)
    {
        var secrets = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is not a JSON object.");
        var healthMesh = secrets["HealthMesh"]?.AsObject() ?? throw new InvalidDataException($"{path} has no HealthMesh section.");
        var changed = false;
        if (healthMesh["Ehr"]?["Smart"]?["PrivateKey"] is null)
        {
            healthMesh["Ehr"] = NewSmartClientKey(out var jwks);
            healthMesh["EhrSandbox"] = SandboxRegistration(jwks);
            changed = true;
        }

        if (healthMesh["Vault"]?["ActiveKeyId"] is null)
        {
            healthMesh["Vault"] = VaultKey();
            changed = true;
        }

        if (healthMesh["Review"]?["Authentication"]?["OperatorApiKey"] is null)
        {
            var review = (healthMesh["Review"] ??= new JsonObject()).AsObject();
            var authentication = (review["Authentication"] ??= new JsonObject()).AsObject();
            authentication["OperatorApiKey"] = NewOperatorApiKey();
            changed = true;
        }

        if (changed)
        {
            // Rewritten in place, so the file keeps its owner-only permissions.
            File.WriteAllText(path, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>The vault's own key ring: the document key cannot open re-identification vaults.</summary>
    private static JsonObject VaultKey() => new() { ["ActiveKeyId"] = "local-1", ["Keys"] = new JsonObject { ["local-1"] = NewKey() } };

    private static JsonObject OperatorKey() => new() { ["Authentication"] = new JsonObject { ["OperatorApiKey"] = NewOperatorApiKey() } };

    /// <summary>256 random bits in hex, so it passes through shells and headers unquoted.</summary>
    private static string NewOperatorApiKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    /// <summary>HealthMesh's SMART private key (the EHR client's side).</summary>
    private static JsonObject NewSmartClientKey(out string publicJwks)
    {
        var key = SmartKeyPair.Generate(SmartBackendOptions.Rs384, keyId: "local-1");
        publicJwks = key.PublicJwks;
        return new JsonObject { ["Smart"] = new JsonObject { ["PrivateKey"] = key.PrivateKeyPem, ["KeyId"] = key.KeyId } };
    }

    /// <summary>The public half, registered with the sandbox EHR under the embedded client id.</summary>
    private static JsonObject SandboxRegistration(string publicJwks) => new()
    {
        ["Smart"] = new JsonObject
        {
            ["Clients"] = new JsonObject { [EmbeddedHost.SmartClientId] = new JsonObject { ["Jwks"] = publicJwks } },
        },
    };

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
