using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HealthMesh.AllInOne.Hosting;

/// <summary>
/// The embedded mode's keys: generated once into <c>&lt;data&gt;/secrets.json</c> (owner-only permissions) so a newcomer's
/// first <c>serve</c> works and later runs can still read what earlier runs encrypted. Production shapes never use this:
/// there the keys come from configuration or a secret store, and a missing key fails start-up.
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

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
