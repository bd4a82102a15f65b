using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HealthMesh.Testing;

/// <summary>
/// One HealthMesh host run as its own OS process (the distributed shape), from the build output that
/// <c>tests/run.sh</c> produces. Output is kept for diagnostics; <see cref="Kill"/> is a hard kill (SIGKILL).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<ServiceProcess> StartAsync(string hostProject, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        // --urls on the command line outranks a host's appsettings "Urls".
        var start = new ProcessStartInfo("dotnet", [HostAssembly(hostProject), "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly(hostProject))!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {hostProject}.");
        var service = new ServiceProcess(hostProject, process, baseAddress);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return service;
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>The build output of a host project (e.g. <c>HealthMesh.Intake.Host</c>) in the configuration the tests were built in.</summary>
    public static string HostAssembly(string hostProject)
    {
        var service = hostProject.Replace("HealthMesh.", string.Empty, StringComparison.Ordinal).Replace(".Host", string.Empty, StringComparison.Ordinal);
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(RepositoryRoot(), "services", service, hostProject, "bin", configuration, "net10.0", $"{hostProject}.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{hostProject} is not built ({path}). Build the solution first (tests/run.sh does).", path);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HealthMesh.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("HealthMesh.sln not found above the test output folder.");
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync("health", cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout.TotalSeconds:F0} s:\n{Output}");
    }
}
