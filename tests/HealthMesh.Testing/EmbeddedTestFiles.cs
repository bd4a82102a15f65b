using System.Reflection;

namespace HealthMesh.Testing;

/// <summary>Synthetic fixtures a test project embeds as <c>TestFiles/&lt;name&gt;</c>.</summary>
public static class EmbeddedTestFiles
{
    public static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream($"TestFiles/{name}")
            ?? throw new InvalidOperationException($"No embedded test file {name} in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
