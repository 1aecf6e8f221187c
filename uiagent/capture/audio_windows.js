// Decodes media files' first audio track (Chromium's own decoders, resampled to 16 kHz) and measures each in
// windows of arg.windowS seconds: the RMS level in dBFS (null for digital silence) and the peak, the loudest
// channel each. Runs in uiagent's helper page, never in the audited one. It starts the work and returns at once
// (so the audited page can be watched meanwhile); `window.uiagentAudioWindows` then resolves to one answer per
// URL of arg.urls. A file that cannot be decoded (no audio track, an unsupported codec, not media) answers {error}.
(arg) => {
  const measure = async (url) => {
    const bytes = await (await fetch(url)).arrayBuffer();
    let buffer;
    try {
      buffer = await new OfflineAudioContext(1, 1, 16000).decodeAudioData(bytes);
    } catch (error) {
      return { error: String(error && error.message || error) };
    }
    const step = Math.max(1, Math.round(buffer.sampleRate * arg.windowS));
    const count = Math.ceil(buffer.length / step);
    const rms = new Float64Array(count), peak = new Float64Array(count);
    for (let c = 0; c < buffer.numberOfChannels; c++) {
      const samples = buffer.getChannelData(c);
      for (let w = 0; w < count; w++) {
        const end = Math.min(samples.length, (w + 1) * step);
        let squares = 0, top = 0;
        for (let i = w * step; i < end; i++) {
          const v = samples[i];
          squares += v * v;
          if (Math.abs(v) > top) top = Math.abs(v);
        }
        rms[w] = Math.max(rms[w], Math.sqrt(squares / Math.max(1, end - w * step)));
        peak[w] = Math.max(peak[w], top);
      }
    }
    return {
      duration: buffer.duration,
      db: Array.from(rms, (r) => (r > 0 ? Math.round(200 * Math.log10(r)) / 10 : null)),
      peak: Array.from(peak, (p) => Number(p.toPrecision(3))),
    };
  };
  window.uiagentAudioWindows = Promise.all(arg.urls.map((url) => measure(url).catch((error) => ({ error: String(error) }))));
}
