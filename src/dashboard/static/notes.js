// Study notes: markdown text stored with the study (GET/PUT /notes), saved with its version so two editors never overwrite each other unseen.
import { apiGet, apiSend, studyPath } from './api.js';
import { renderMarkdown } from './markdown.js';

export class StudyNotes {
  constructor(doc, onError) {
    this.body = doc.getElementById('notes-body');
    this.state = doc.getElementById('notes-state');
    this.info = doc.getElementById('notes-info');
    this.preview = doc.getElementById('notes-preview');
    this.onError = onError;
    this.studyId = null;
    this.version = 0;
    this.saved = '';
    doc.getElementById('notes-save').addEventListener('click', () => this.save());
    this.body.addEventListener('input', () => this.show());
  }

  /** Loads the notes of a newly selected study. */
  async load(studyId) {
    this.studyId = studyId;
    const notes = await apiGet(`${studyPath(studyId)}/notes`);
    if (this.studyId !== studyId) return;
    this.apply(notes);
  }

  apply(notes) {
    this.version = notes.version;
    this.saved = notes.body;
    this.body.value = notes.body;
    this.info.textContent = notes.updated_at ? `saved ${new Date(notes.updated_at).toLocaleString()} (version ${notes.version})` : 'no notes yet';
    this.show();
  }

  show() {
    this.preview.replaceChildren(...renderMarkdown(this.body.value));
    const dirty = this.body.value !== this.saved;
    this.state.textContent = dirty ? '(unsaved changes)' : this.saved ? `(${this.saved.split('\n').length} lines)` : '(empty)';
  }

  async save() {
    try {
      this.apply(await apiSend('PUT', `${studyPath(this.studyId)}/notes`, { body: this.body.value, version: this.version }));
    } catch (error) {
      if (error.code !== 'notes_conflict') return this.onError(error);
      const mine = this.body.value;
      await this.load(this.studyId);
      this.body.value = mine;
      this.info.textContent = `someone saved version ${this.version} meanwhile: your text is kept here; review and save again to replace theirs`;
      this.show();
    }
  }
}
