using System.Security.Cryptography;

namespace HealthMesh.Testing;

/// <summary>Configuration a HealthMesh host needs in a test: a temp SQLite database and fresh document keys.</summary>
public static class TestConfiguration
{
    public static Dictionary<string, string?> ForSqlite(string directory) => new()
    {
        ["HealthMesh:Database:Provider"] = "Sqlite",
        ["HealthMesh:Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "healthmesh.db")}",
        ["HealthMesh:Documents:ActiveKeyId"] = "test",
        ["HealthMesh:Documents:EncryptionKeys:test"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public static string CreateTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "healthmesh-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
