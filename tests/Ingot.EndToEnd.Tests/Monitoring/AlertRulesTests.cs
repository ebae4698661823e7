using System.Text.RegularExpressions;
using Ingot.EndToEnd.Tests.Infrastructure;

namespace Ingot.EndToEnd.Tests.Monitoring;

/// <summary>
/// The alerting rules Ingot ships (deploy/monitoring/alerts.yaml) checked and unit-tested by the real promtool, the
/// committed PrometheusRule proven to be the rendering of that one file, and every metric the rules read proven to be
/// one Ingot exports.
/// </summary>
public sealed partial class AlertRulesTests
{
    /// <summary>
    /// Exported by the membership work that lands in parallel with these rules; drop a name from here once a Meter in
    /// host/ or plugins/ creates it, and the check below then holds it to the source like every other name.
    /// </summary>
    private static readonly HashSet<string> MembershipNames =
    [
        "ingot_layer2_fenced", "ingot_membership_fallback", "ingot_membership_messages_dropped_total",
        "ingot_membership_members",
    ];

    private static string Monitoring => Path.Combine(Repo.Root, "deploy", "monitoring");

    [Fact]
    public async Task Rules_PassPromtoolCheck()
    {
        var (code, stdout, stderr) = await Shell.RunAsync("promtool", ["check", "rules", Path.Combine(Monitoring, "alerts.yaml")]);

        Assert.True(code == 0, $"promtool check rules failed (exit {code}): {stdout}{stderr}");
        Assert.Contains("SUCCESS: 11 rules found", stdout);
    }

    [Fact]
    public async Task Rules_PassPromtoolUnitTests()
    {
        var (code, stdout, stderr) = await Shell.RunAsync("promtool", ["test", "rules", Path.Combine(Monitoring, "alerts.test.yaml")]);

        Assert.True(code == 0, $"promtool test rules failed (exit {code}): {stdout}{stderr}");
        Assert.Contains("SUCCESS", stdout);
    }

    /// <summary>promtool passes alerts nobody tested, so the test file must name every alert, firing and not.</summary>
    [Fact]
    public async Task EveryAlert_IsTestedFiringAndNotFiring_AndDocumented()
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(Monitoring, "alerts.yaml"));
        var tests = await File.ReadAllTextAsync(Path.Combine(Monitoring, "alerts.test.yaml"));
        var doc = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "docs", "monitoring.md"));
        var alerts = AlertName().Matches(rules).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(11, alerts.Count);
        Assert.All(alerts, alert =>
        {
            var cases = Regex.Matches(tests, $@"alertname: {alert}\n\s+exp_alerts:(.*)").Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.True(cases.Contains("[]"), alert + " has no not-firing case in alerts.test.yaml");
            Assert.True(cases.Contains(""), alert + " has no firing case in alerts.test.yaml");
            Assert.Contains("### " + alert, doc);
        });
    }

    [Fact]
    public async Task RenderedPrometheusRule_MatchesCommittedFile()
    {
        var dir = Directory.CreateTempSubdirectory("ingot-rules-").FullName;
        try
        {
            File.Copy(Path.Combine(Monitoring, "alerts.yaml"), Path.Combine(dir, "alerts.yaml"));
            File.Copy(Path.Combine(Monitoring, "render-rules.sh"), Path.Combine(dir, "render-rules.sh"));

            var (code, stdout, stderr) = await Shell.RunAsync("sh", [Path.Combine(dir, "render-rules.sh")]);

            Assert.True(code == 0, $"render-rules.sh failed (exit {code}): {stdout}{stderr}");
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(Monitoring, "prometheusrule.yaml")),
                await File.ReadAllBytesAsync(Path.Combine(dir, "prometheusrule.yaml")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task EveryMetricInTheRules_IsExported()
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(Monitoring, "alerts.yaml"));
        var exported = new HashSet<string>();
        foreach (var dir in new[] { "host", "plugins" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, dir), "*.cs", SearchOption.AllDirectories))
            {
                exported.UnionWith(QuotedMetric().Matches(await File.ReadAllTextAsync(file)).Select(m => m.Groups[1].Value));
            }
        }

        var used = ExprLine().Matches(rules)
            .SelectMany(m => MetricName().Matches(m.Groups[1].Value).Select(n => n.Value))
            .ToHashSet();

        Assert.Contains("metallb_bgp_session_up", used);
        Assert.All(used, name => Assert.True(
            exported.Contains(name) || MembershipNames.Contains(name),
            $"alerts.yaml reads {name}, which no Meter in host/ or plugins/ creates"));
    }

    [GeneratedRegex(@"- alert: (\w+)")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"^\s+expr: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ExprLine();

    [GeneratedRegex(@"\b(?:metallb|ingot)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex("\"((?:metallb|ingot)_[a-z0-9_]+)\"")]
    private static partial Regex QuotedMetric();
}
