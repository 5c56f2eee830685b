// Entry of the inbox bundle (dist/demo/inbox.js): importing the element defines it.
import './inbox-app.js';
