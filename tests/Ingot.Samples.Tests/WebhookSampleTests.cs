using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Ingot.Samples.Tests;

[Collection(PackedSdkCollection.Name)]
public sealed class WebhookSampleTests(PackedSdk sdk)
{
    [Fact]
    public async Task Sample_BuiltFromPackedSdk_ShipsNoSdkCopy()
    {
        using var folder = new PluginFolder();
        var output = await folder.BuildPluginAsync("samples/WebhookAnnouncer", "webhook", sdk);

        Assert.True(File.Exists(Path.Combine(output, "WebhookAnnouncer.dll")));
        Assert.False(File.Exists(Path.Combine(output, "Ingot.Sdk.dll")), "the host provides Ingot.Sdk.dll; a plugin copy is refused");
        var assets = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "samples", "WebhookAnnouncer", "obj", "project.assets.json"));
        Assert.Contains($"\"Ingot.Sdk/{sdk.Version}\"", assets);
        Assert.DoesNotContain("Ingot.Sdk.csproj", assets);
    }

    [Fact]
    public async Task Host_LoadsSampleNextToDefaultPlugins()
    {
        using var folder = new PluginFolder();
        await folder.BuildPluginAsync("samples/WebhookAnnouncer", "webhook", sdk);

        var (code, stdout, stderr) = await Command.RunAsync(Repo.Ingot, ["plugins", "--plugins-dir", folder.Plugins]);

        Assert.True(code == 0, stderr);
        var line = stdout.Split('\n').Single(l => l.Contains("webhook", StringComparison.Ordinal) && l.Contains("Announcer", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("refused", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_WithSampleAnnouncer_PostsAssignedAddressesThenWithdraws()
    {
        using var folder = new PluginFolder();
        await folder.BuildPluginAsync("samples/WebhookAnnouncer", "webhook", sdk);
        var config = Path.Combine(folder.Root, "config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "config.yaml"), """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: { name: docs, namespace: metallb-system }
            spec:
              addresses: [192.0.2.16/28]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: web, namespace: default }
            spec:
              type: LoadBalancer
              clusterIP: 10.96.0.10
              ports: [{ port: 80, protocol: TCP }]
            """);

        using var hook = new HttpListener();
        var port = FreePort();
        hook.Prefixes.Add($"http://127.0.0.1:{port}/");
        hook.Start();

        var info = new ProcessStartInfo(Repo.Ingot)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
                 {
                     "run", "--config", config, "--node", "node-a", "--state", Path.Combine(folder.Root, "state.json"),
                     "--plugins-dir", folder.Plugins, "--announcers", "webhook", "--set", $"webhook.url=http://127.0.0.1:{port}/",
                     "--metrics-address", $"127.0.0.1:{FreePort()}",
                 })
        {
            info.ArgumentList.Add(a);
        }

        using var ingot = Process.Start(info)!;
        var stderr = ingot.StandardError.ReadToEndAsync();
        try
        {
            var first = await ReceiveAsync(hook);
            Assert.Equal("node-a", first.GetProperty("node").GetString());
            var service = Assert.Single(first.GetProperty("services").EnumerateArray());
            Assert.Equal("default/web", service.GetProperty("service").GetString());
            Assert.Equal("192.0.2.16", Assert.Single(service.GetProperty("addresses").EnumerateArray()).GetString());

            // SIGTERM: the host asks every announcer to withdraw before it exits.
            Assert.Equal(0, Kill(ingot.Id, 15));
            var last = await ReceiveAsync(hook);
            Assert.Empty(last.GetProperty("services").EnumerateArray());
            await ingot.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.True(ingot.ExitCode == 0, await stderr);
        }
        finally
        {
            if (!ingot.HasExited)
            {
                ingot.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<JsonElement> ReceiveAsync(HttpListener hook)
    {
        var context = await hook.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(60));
        using var document = await JsonDocument.ParseAsync(context.Request.InputStream);
        context.Response.StatusCode = 204;
        context.Response.Close();
        return document.RootElement.Clone();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
