using System.Diagnostics;

namespace HealthMesh.Testing;

/// <summary>Runs the built <c>healthmesh</c> command as a user would, in its own process.</summary>
public static class HealthMeshCli
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(TimeSpan timeout, params string[] arguments)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var assembly = Path.Combine(ServiceProcess.RepositoryRoot(), "services", "AllInOne", "HealthMesh.AllInOne", "bin", configuration, "net10.0", "healthmesh.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"healthmesh is not built ({assembly}). Build the solution first (tests/run.sh does).", assembly);
        }

        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"healthmesh {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s:\n{await stdout}\n{await stderr}");
        }

        return new Result(process.ExitCode, $"{await stdout}\n{await stderr}");
    }
}
