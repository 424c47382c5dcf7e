// The environment overview's charts: each <canvas data-chart> carries its data as JSON
// (OverviewController's Chart), so the page needs no inline script under the dashboard's CSP.
for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const chart = JSON.parse(canvas.dataset.chart);
    new window.Chart(canvas, {
        type: "bar",
        data: {
            labels: chart.labels,
            datasets: chart.datasets.map(d => ({ ...d, borderWidth: 1 })),
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            interaction: { mode: "index", intersect: false },
            plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
            scales: {
                x: { ticks: { autoSkip: true, maxRotation: 0 } },
                // An empty period still shows a scale from zero, not a chart collapsed to nothing.
                y: { beginAtZero: true, suggestedMax: 5, ticks: { precision: 0 } },
            },
        },
    });
}
