using System.Reflection;
using HealthMesh.Testing;

namespace HealthMesh.Deployment.Tests;

/// <summary>
/// The service hosts of the solution, found on disk (<c>services/*/*.Host</c>), with the name compose and Kubernetes
/// give each and the assemblies whose options it binds.
/// </summary>
public sealed record DeployableService(string Name, string HostProjectPath, string HostAssemblyName, IReadOnlyList<Assembly> Assemblies)
{
    public string DockerfilePath => Path.Combine(Path.GetDirectoryName(HostProjectPath)!, "Dockerfile");

    public static string RepositoryRoot { get; } = ServiceProcess.RepositoryRoot();

    /// <summary>Compose/Kubernetes name by host folder: lower-case, words split by '-'.</summary>
    public static IReadOnlyList<DeployableService> All { get; } = Discover();

    public static DeployableService ByName(string name) =>
        All.SingleOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"No service host is deployed as '{name}' (known: {string.Join(", ", All.Select(s => s.Name))}).");

    public string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');

    private static List<DeployableService> Discover()
    {
        var serviceDefaults = typeof(HealthMesh.ServiceDefaults.Extensions).Assembly;
        var libraries = new Dictionary<string, Assembly>
        {
            ["Intake"] = typeof(HealthMesh.Intake.IntakeExtensions).Assembly,
            ["Deidentification"] = typeof(HealthMesh.Deidentification.DeidentificationExtensions).Assembly,
            ["Summarization"] = typeof(HealthMesh.Summarization.SummarizationExtensions).Assembly,
            ["Orchestrator"] = typeof(HealthMesh.Orchestrator.OrchestratorExtensions).Assembly,
            ["WriteBack"] = typeof(HealthMesh.WriteBack.WriteBackExtensions).Assembly,
            ["EhrSandbox"] = typeof(HealthMesh.EhrSandbox.EhrSandboxExtensions).Assembly,
        };

        var hosts = Directory.GetFiles(Path.Combine(RepositoryRoot, "services"), "*.Host.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return hosts.Select(project =>
        {
            var assemblyName = Path.GetFileNameWithoutExtension(project);
            var part = assemblyName["HealthMesh.".Length..^".Host".Length];
            if (!libraries.TryGetValue(part, out var library))
            {
                throw new InvalidOperationException($"{assemblyName} is a new service host: add its library to {nameof(DeployableService)} so its deployment is checked.");
            }

            // Options of the HealthMesh libraries the service's library builds on bind too (write-back's vault key ring
            // is de-identification's VaultOptions).
            var dependencies = library.GetReferencedAssemblies()
                .Where(a => a.Name?.StartsWith("HealthMesh.", StringComparison.Ordinal) == true && a.Name != serviceDefaults.GetName().Name)
                .Select(Assembly.Load);
            return new DeployableService(KebabCase(part), project, assemblyName, [serviceDefaults, library, .. dependencies]);
        }).ToList();
    }

    private static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]) ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
