import { useState } from 'react'
import type { NotifyOn, ProjectConfig, ProjectSummary } from '../../../shared/model'
import type { Client } from '../../api'
import { saveProjectConfig, testWebhook } from './actions'

type Props = Readonly<{ client: Client; project: ProjectSummary }>

const KINDS: readonly Readonly<{ kind: NotifyOn; label: string }>[] = [
  { kind: 'drift', label: 'a batch drifted (on valid data)' },
  { kind: 'invalid', label: 'a batch’s data is invalid' },
  { kind: 'failed', label: 'a batch could not be processed' }
]

/**
 * A project's notifications and archiving, as driftwatch.yaml keeps them: OS notifications, what they are
 * sent for, a Slack-compatible webhook (with a test message), and moving processed drops aside. Saving
 * writes driftwatch.yaml (keeping its comments) and watches with it.
 */
export function ProjectSettings({ client, project }: Props) {
  const notifications = project.config.notifications
  const [isDesktopOn, setDesktopOn] = useState(notifications?.desktop !== false)
  const [on, setOn] = useState<readonly NotifyOn[]>(
    notifications?.on ?? ['drift', 'invalid', 'failed']
  )
  const [webhook, setWebhook] = useState(notifications?.webhook?.url ?? '')
  const [isArchiveOn, setArchiveOn] = useState(project.config.archive?.enabled === true)
  const [testResult, setTestResult] = useState<string | null>(null)
  const isReadOnly = project.mode === 'read-only'

  const toggle = (kind: NotifyOn, isChecked: boolean): void =>
    setOn((list) => (isChecked ? [...list, kind] : list.filter((k) => k !== kind)))

  return (
    <details className="panel" data-testid="project-settings">
      <summary>Notifications and archiving</summary>
      <fieldset className="settings-body" disabled={isReadOnly}>
        <label className="toggle">
          <input
            type="checkbox"
            checked={isDesktopOn}
            onChange={(e) => setDesktopOn(e.target.checked)}
          />
          <span>Desktop notifications (the desktop app)</span>
        </label>
        <div className="settings-kinds">
          <span>Notify when</span>
          {KINDS.map(({ kind, label }) => (
            <label key={kind} className="toggle">
              <input
                type="checkbox"
                checked={on.includes(kind)}
                data-testid={`notify-${kind}`}
                onChange={(e) => toggle(kind, e.target.checked)}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
        <div className="settings-webhook">
          <label className="field">
            <span>Webhook (Slack-compatible incoming webhook URL)</span>
            <input
              type="url"
              value={webhook}
              placeholder="https://hooks.slack.com/services/…"
              data-testid="webhook-input"
              spellCheck={false}
              onChange={(e) => setWebhook(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="button"
            data-testid="webhook-test"
            disabled={webhook.trim() === ''}
            onClick={() => void testWebhook(client, webhook.trim()).then(setTestResult)}
          >
            Send a test
          </button>
        </div>
        {testResult !== null ? (
          <p className="muted" role="status" data-testid="webhook-result">
            {testResult}
          </p>
        ) : null}
        <label className="toggle">
          <input
            type="checkbox"
            checked={isArchiveOn}
            data-testid="archive-toggle"
            onChange={(e) => setArchiveOn(e.target.checked)}
          />
          <span>Move processed drops into processed/ inside their drop folder (never deletes)</span>
        </label>
        <div className="editor-foot">
          <button
            type="button"
            className="button button-primary"
            data-testid="save-settings"
            onClick={() =>
              void saveProjectConfig(
                client,
                withSettings(project.config, { isDesktopOn, on, webhook, isArchiveOn })
              )
            }
          >
            Save to driftwatch.yaml
          </button>
        </div>
      </fieldset>
    </details>
  )
}

/** The config with the panel's settings; keys left at their defaults are left out. */
export function withSettings(
  config: ProjectConfig,
  settings: Readonly<{
    isDesktopOn: boolean
    on: readonly NotifyOn[]
    webhook: string
    isArchiveOn: boolean
  }>
): ProjectConfig {
  const webhook = settings.webhook.trim()
  const isAllKinds = KINDS.every(({ kind }) => settings.on.includes(kind))
  const notifications = {
    ...(settings.isDesktopOn ? {} : { desktop: false }),
    ...(isAllKinds ? {} : { on: KINDS.map((k) => k.kind).filter((k) => settings.on.includes(k)) }),
    ...(webhook === '' ? {} : { webhook: { ...config.notifications?.webhook, url: webhook } })
  }
  const { notifications: _notifications, archive: _archive, ...rest } = config
  return {
    ...rest,
    ...(Object.keys(notifications).length === 0 ? {} : { notifications }),
    ...(settings.isArchiveOn
      ? { archive: { ...config.archive, enabled: true } }
      : config.archive?.folder === undefined
        ? {}
        : { archive: { ...config.archive, enabled: false } })
  }
}
