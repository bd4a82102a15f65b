using System.Diagnostics;
using YamlDotNet.Serialization;

namespace HealthMesh.Deployment.Tests.Compose;

/// <summary>
/// Runs Debian's <c>docker-compose</c> (1.29, a full Compose file parser and interpolator; no engine needed for
/// <c>config</c>) on the repository's docker-compose.yml.
/// </summary>
public static class ComposeCli
{
    public const string Executable = "docker-compose";

    /// <summary>Every variable the compose file requires, each set to a value that shows where it lands.</summary>
    public static IReadOnlyDictionary<string, string> RequiredVariables { get; } = new Dictionary<string, string>
    {
        ["HEALTHMESH_RABBITMQ_PASSWORD"] = "sentinel-rabbitmq-password",
        ["HEALTHMESH_POSTGRES_PASSWORD"] = "sentinel-postgres-password",
        ["HEALTHMESH_DOCUMENT_KEY"] = "sentinel-document-key",
        ["HEALTHMESH_HMAC_KEY"] = "sentinel-hmac-key",
        ["HEALTHMESH_VAULT_KEY"] = "sentinel-vault-key",
        ["HEALTHMESH_INTAKE_SECRET"] = "sentinel-intake-secret",
        ["HEALTHMESH_OIDC_AUTHORITY"] = "https://sentinel-oidc-authority.example",
        ["HEALTHMESH_OIDC_AUDIENCE"] = "sentinel-oidc-audience",
    };

    public static (int ExitCode, string Output, string Error) Config(IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--project-directory", DeployableService.RepositoryRoot, "-f", Path.Combine(DeployableService.RepositoryRoot, "docker-compose.yml"), "config" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // An empty directory: a developer's own .env beside the compose file must not feed the test.
            WorkingDirectory = Directory.CreateTempSubdirectory("compose-").FullName,
        };
        foreach (var name in RequiredVariables.Keys.Concat(["HEALTHMESH_TAG", "OTEL_EXPORTER_OTLP_ENDPOINT", "HEALTHMESH_OIDC_CLIENT_ID"]))
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{Executable}' is not installed; these tests validate docker-compose.yml with it. On Debian: apt-get install docker-compose (tests/run.sh does).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
    }

    /// <summary>The file as compose resolves it (anchors merged, variables interpolated), with every required variable set.</summary>
    public static ComposeModel Resolved()
    {
        var (exitCode, output, error) = Config(RequiredVariables);
        Assert.True(exitCode == 0, $"docker-compose config failed ({exitCode}): {error}");
        return new ComposeModel(new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(output));
    }
}
